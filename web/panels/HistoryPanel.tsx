/**
 * Every run of this page session (newest first): target, backend, time, status, duration, and the
 * saved request it ran. Picking two shows them side by side, compared with a numeric tolerance.
 */
import { useState } from "react";
import { useStore } from "zustand";
import { diffReplies, repliesAgree } from "../run/replyDiff.ts";
import type { RunRecord, RunStore } from "../state/runStore.ts";

const TARGET_NAMES: Record<RunRecord["target"], string> = {
  server: "Server",
  "browser-wasm": "Browser · WASM",
  "browser-webgpu": "Browser · WebGPU",
};

const show = (value: unknown) => (value === undefined ? "—" : JSON.stringify(value));

function DiffView({ left, right }: { left: RunRecord; right: RunRecord }) {
  const [tolerance, setTolerance] = useState(0.01);
  const [onlyDifferences, setOnlyDifferences] = useState(true);
  const rows = diffReplies(left.body, right.body, tolerance);
  const agree = repliesAgree(rows) && left.status === right.status;
  const shown = onlyDifferences ? rows.filter((r) => r.kind !== "same") : rows;
  return (
    <section className="diff-view" data-testid="diff-view" data-agree={String(agree)}>
      <div className="controls">
        <strong>
          #{left.seq} {TARGET_NAMES[left.target]} ({left.status ?? "no reply"}) ↔ #{right.seq}{" "}
          {TARGET_NAMES[right.target]} ({right.status ?? "no reply"})
        </strong>
        <label title="numbers equal when |a − b| ≤ tolerance × max(1, |a|, |b|)">
          tolerance
          <input
            type="number"
            step="any"
            min={0}
            data-testid="diff-tolerance"
            value={tolerance}
            onChange={(e) => Number(e.target.value) >= 0 && setTolerance(Number(e.target.value))}
          />
        </label>
        <label>
          <input type="checkbox" checked={onlyDifferences} onChange={(e) => setOnlyDifferences(e.target.checked)} />
          only differences
        </label>
        <span className={`badge ${agree ? "status-done" : "status-error"}`} data-testid="diff-verdict">
          {agree ? "agree" : `${rows.filter((r) => r.kind !== "same" && r.kind !== "close").length} difference(s)`}
        </span>
      </div>
      <table>
        <thead>
          <tr>
            <th>path</th>
            <th>#{left.seq}</th>
            <th>#{right.seq}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.path} className={`diff-${r.kind}`} data-testid="diff-row" data-kind={r.kind}>
              <td>
                <code>{r.path}</code>
              </td>
              <td>{show(r.left)}</td>
              <td>{show(r.right)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p className="hint">identical</p>}
    </section>
  );
}

export function HistoryPanel({ runs }: { runs: RunStore }) {
  const history = useStore(runs, (s) => s.history);
  const picked = useStore(runs, (s) => s.picked);
  const pair = picked.map((seq) => history.find((r) => r.seq === seq)).filter((r) => r !== undefined);
  return (
    <div className="tab-body" data-testid="history-panel">
      {history.length === 0 ? (
        <p className="hint">No runs yet. Every run is kept here; tick two to compare their replies.</p>
      ) : (
        <div className="controls">
          <span className="hint">tick two runs to compare them</span>
          <button type="button" onClick={() => runs.getState().clearHistory()}>
            Clear
          </button>
        </div>
      )}
      <ol className="history" data-testid="history-list">
        {history.map((r) => (
          <li key={r.seq} data-testid="history-entry" data-seq={r.seq} data-status={r.status ?? ""}>
            <label>
              <input
                type="checkbox"
                data-testid="history-pick"
                checked={picked.includes(r.seq)}
                onChange={() => runs.getState().togglePicked(r.seq)}
              />
              #{r.seq} · {TARGET_NAMES[r.target]}
              {r.backend && r.target !== "server" ? ` (${r.backend})` : ""} ·{" "}
              {new Date(r.startedAt).toLocaleTimeString()} ·{" "}
              <span className={`badge ${r.status !== null && r.status < 400 ? "status-done" : "status-error"}`}>
                {r.status ?? (r.compileErrors ? "compile error" : "—")}
              </span>{" "}
              · {r.durationMs.toFixed(0)} ms{r.requestName ? ` · ${r.requestName}` : ""}
            </label>
          </li>
        ))}
      </ol>
      {pair.length === 2 && <DiffView left={pair[0]!} right={pair[1]!} />}
    </div>
  );
}
