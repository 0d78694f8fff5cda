/** Where a run's time went, stage by stage, as one proportional bar with a legend. */
import type { TimingEntry } from "../run/runProject.ts";

const COLOURS = ["#6c8ef5", "#f5a623", "#19b37d", "#e8566c", "#9b6cf5", "#3fc1d9", "#c9b44a", "#8a8a8a", "#d97a3f"];

export function TimingBar({ timings }: { timings: TimingEntry[] }) {
  const total = timings.reduce((s, t) => s + t.ms, 0);
  if (total <= 0) return null;
  return (
    <div className="timing-bar" data-testid="timing-bar" data-total-ms={total.toFixed(1)}>
      <div className="timing-track">
        {timings.map((t, i) => (
          <div
            key={t.label}
            className="timing-segment"
            data-label={t.label}
            data-ms={t.ms.toFixed(1)}
            title={`${t.label}: ${t.ms.toFixed(1)} ms`}
            style={{ width: `${(100 * t.ms) / total}%`, background: COLOURS[i % COLOURS.length] }}
          />
        ))}
      </div>
      <div className="timing-legend">
        {timings.map((t, i) => (
          <span key={t.label}>
            <i style={{ background: COLOURS[i % COLOURS.length] }} /> {t.label} {t.ms.toFixed(1)} ms
          </span>
        ))}
        <strong> total {total.toFixed(0)} ms</strong>
      </div>
    </div>
  );
}
