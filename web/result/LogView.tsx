/** The lambda's `logger` lines of the last run, as the runtime formats them. */
import type { LogRecord } from "../../shared/lambda/logger.ts";

export function LogView({ logs }: { logs: LogRecord[] }) {
  return (
    <div className="logs" data-testid="log-view">
      {logs.length === 0 ? (
        <p className="status">no log lines</p>
      ) : (
        logs.map((r, i) => (
          <div key={i} className={`log log-${r.level.toLowerCase()}`}>
            <span className="log-time">{r.time}</span> <span className="log-level">{r.level}</span> {r.message}
          </div>
        ))
      )}
    </div>
  );
}
