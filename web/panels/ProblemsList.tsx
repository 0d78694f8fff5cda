/** The problems list under the editor: file:line:column and the message; a click opens the file. */
import { useStore } from "zustand";
import { formatProblem } from "../editor/problems.ts";
import type { RunStore } from "../state/runStore.ts";

export function ProblemsList({ runs, onOpen }: { runs: RunStore; onOpen(file: string): void }) {
  const problems = useStore(runs, (s) => s.problems);
  const errors = problems.filter((p) => p.severity === "error").length;
  return (
    <details className="problems" open={problems.length > 0} data-count={problems.length}>
      <summary>
        Problems{" "}
        <span className={`badge${errors ? " status-error" : ""}`} data-testid="problems-count">
          {problems.length}
        </span>
      </summary>
      <ul data-testid="problems-list">
        {problems.map((p) => (
          <li key={`${p.source}:${formatProblem(p)}`} className={`problem ${p.severity}`} data-testid="problem">
            <button type="button" className="link" onClick={() => onOpen(p.file)}>
              {formatProblem(p)}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
