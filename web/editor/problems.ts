/**
 * The problems list: what the editor's language services (Monaco's TypeScript worker) and the
 * Python syntax check report, by file, line and column. Type errors block a run by default — the
 * two targets would otherwise disagree on code TypeScript already knows is wrong.
 */
export interface Problem {
  file: string;
  line: number;
  column: number;
  severity: "error" | "warning";
  text: string;
  /** Who reported it ("typescript", "python"…). */
  source: string;
}

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.text}`;
}

/** The problems that stop a run unless the user chooses "run anyway": errors, in file order. */
export function blockingProblems(problems: readonly Problem[]): Problem[] {
  return problems
    .filter((p) => p.severity === "error")
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}
