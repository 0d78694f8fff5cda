/**
 * Under the kept server lambda's line: turn Node's inspector on for it and show where DevTools
 * connects (a devtools:// URL to paste into Chromium's address bar — pages cannot open those —
 * or 127.0.0.1:<port> for chrome://inspect). Read again after every run: an update or a restart
 * gives the process a new inspector id.
 */
import { useEffect, useState } from "react";
import { type DebuggerState, debuggerState, startDebugger, stopDebugger } from "../api/debuggerApi.ts";

export function ServerDebugger({ lambdaId, version }: { lambdaId: string; version: number }) {
  const [state, setState] = useState<DebuggerState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    debuggerState(lambdaId).then(
      (s) => current && setState(s),
      (e: Error) => current && setError(e.message),
    );
    return () => {
      current = false;
    };
  }, [lambdaId, version]);
  const act = (what: () => Promise<DebuggerState | null>) => {
    setBusy(true);
    setError(null);
    what()
      .then((s) => setState(s ?? { lambda_id: lambdaId, debugging: false }))
      .catch((e: Error) => setError(e.message))
      .finally(() => setBusy(false));
  };
  const url = state?.debugging ? state.devtools_url : undefined;
  return (
    <div className="hint server-debugger" data-testid="server-debugger" data-debugging={String(!!url)}>
      {url ? (
        <>
          DevTools (this machine only):{" "}
          <code data-testid="server-debug-url" data-url={url}>
            {url}
          </code>{" "}
          <button type="button" className="link" onClick={() => void navigator.clipboard?.writeText(url)}>
            copy
          </button>{" "}
          — paste it into Chromium's address bar, or add <code>127.0.0.1:{state?.port}</code> in chrome://inspect.{" "}
          <button
            type="button"
            data-testid="server-debug-stop"
            disabled={busy}
            onClick={() => act(() => stopDebugger(lambdaId).then(() => null))}
          >
            Stop debugging
          </button>
        </>
      ) : (
        <button
          type="button"
          data-testid="server-debug-start"
          disabled={busy || state === null}
          title="Restarts this lambda's process with Node's inspector, on this machine's loopback only"
          onClick={() => act(() => startDebugger(lambdaId))}
        >
          {busy ? "starting the inspector…" : "Debug in DevTools"}
        </button>
      )}
      {error && (
        <span className="error" data-testid="server-debug-error">
          {" "}
          {error}
        </span>
      )}
    </div>
  );
}
