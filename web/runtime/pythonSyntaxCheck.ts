/**
 * The Python half of the problems list: while a Python project is open, its .py files go to the
 * syntax worker (pythonSyntaxWorker.ts) a moment after the typing stops, and what Python's
 * compiler says lands in the run store as source "python" — file:line:column and the message,
 * errors that block a run like type errors do. A TypeScript project has no Python problems.
 */
import type { Problem } from "../editor/problems.ts";
import { codeFilesOf, type ProjectState, type ProjectStore } from "../state/projectStore.ts";
import type { RunStore } from "../state/runStore.ts";
import { type PythonSyntaxReply, pythonSyntaxReplySchema } from "./pythonSyntaxProtocol.ts";

export const PYTHON_PROBLEMS = "python";

/** Python's answer as the problems list shows it (a missing line or column: the file's start). */
export function pythonProblems(reply: Extract<PythonSyntaxReply, { kind: "checked" }>): Problem[] {
  return reply.problems.map((p) => ({
    file: p.file,
    line: p.line ?? 1,
    column: p.column ?? 1,
    severity: "error",
    text: p.text,
    source: PYTHON_PROBLEMS,
  }));
}

/** The files a check looks at, or null for a project that is not Python. */
function pythonFiles(state: Pick<ProjectState, "language" | "code" | "modules">): Record<string, string> | null {
  if (state.language !== "python") return null;
  return Object.fromEntries(Object.entries(codeFilesOf(state)).filter(([path]) => path.endsWith(".py")));
}

/** Starts checking; returns the function that stops it (and its worker). */
export function startPythonSyntaxCheck(store: ProjectStore, runs: RunStore, debounceMs = 400): () => void {
  let worker: Worker | null = null;
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let checked: string | null = null;

  const onReply = (event: MessageEvent<unknown>) => {
    const reply = pythonSyntaxReplySchema.safeParse(event.data);
    // Only the newest check counts: an older answer is about text the user has changed since.
    if (!reply.success || reply.data.seq !== seq) return;
    if (reply.data.kind === "checked") runs.getState().setProblems(PYTHON_PROBLEMS, pythonProblems(reply.data));
    else console.warn(`Python syntax check unavailable: ${reply.data.reason}`);
  };

  const check = () => {
    timer = null;
    const files = pythonFiles(store.getState());
    if (!files) return;
    const key = JSON.stringify(files);
    if (key === checked) return;
    checked = key;
    if (!worker) {
      worker = new Worker(new URL("./pythonSyntaxWorker.ts", import.meta.url), { type: "module" });
      worker.onmessage = onReply;
    }
    worker.postMessage({ seq: ++seq, files });
  };

  const changed = (state: ProjectState, previous: ProjectState) => {
    if (state.language !== "python") {
      if (previous.language === "python" || checked !== null) {
        checked = null;
        seq++; // a check still running is about the Python project that left
        runs.getState().setProblems(PYTHON_PROBLEMS, []);
      }
      return;
    }
    if (state.code === previous.code && state.modules === previous.modules && state.language === previous.language)
      return;
    // The listed errors are about the text before this change: they must not block a run of the new text.
    runs.getState().setProblems(PYTHON_PROBLEMS, []);
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, debounceMs);
  };

  const unsubscribe = store.subscribe(changed);
  // The project the page opened with (restored from IndexedDB) is checked at once.
  check();
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
    worker?.terminate();
  };
}
