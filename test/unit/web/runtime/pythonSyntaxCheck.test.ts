/**
 * The Python half of the problems list without a browser: a stand-in worker records what it is
 * asked and answers as pythonSyntaxWorker.ts does; the check debounces typing, reports only the
 * newest answer, and clears Python problems when the project is TypeScript.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { PythonSyntaxReply, PythonSyntaxRequest } from "../../../../web/runtime/pythonSyntaxProtocol.ts";
import { pythonProblems, startPythonSyntaxCheck } from "../../../../web/runtime/pythonSyntaxCheck.ts";
import { createProjectStore } from "../../../../web/state/projectStore.ts";
import { createRunStore } from "../../../../web/state/runStore.ts";

class StandInWorker {
  static made: StandInWorker[] = [];
  readonly asked: PythonSyntaxRequest[] = [];
  onmessage: ((event: MessageEvent<PythonSyntaxReply>) => void) | null = null;
  terminated = false;
  constructor() {
    StandInWorker.made.push(this);
  }
  postMessage(request: PythonSyntaxRequest) {
    this.asked.push(request);
  }
  answer(reply: PythonSyntaxReply) {
    this.onmessage?.({ data: reply } as MessageEvent<PythonSyntaxReply>);
  }
  terminate() {
    this.terminated = true;
  }
}

describe("the Python syntax check", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    StandInWorker.made = [];
    vi.stubGlobal("Worker", StandInWorker);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("turns Python's answer into problems by file, line and column", () => {
    expect(
      pythonProblems({
        kind: "checked",
        seq: 1,
        problems: [
          { file: "helpers.py", line: 2, column: 21, text: "SyntaxError: invalid syntax" },
          {
            file: "lambda_main.py",
            line: null,
            column: null,
            text: "SyntaxError: source code cannot contain null bytes",
          },
        ],
      }),
    ).toEqual([
      {
        file: "helpers.py",
        line: 2,
        column: 21,
        severity: "error",
        text: "SyntaxError: invalid syntax",
        source: "python",
      },
      {
        file: "lambda_main.py",
        line: 1,
        column: 1,
        severity: "error",
        text: "SyntaxError: source code cannot contain null bytes",
        source: "python",
      },
    ]);
  });

  it("checks a Python project's .py files once typing pauses, and keeps only the newest answer", () => {
    const store = createProjectStore({ language: "python", code: "def main(:\n", modules: { "notes.txt": "x" } });
    const runs = createRunStore();
    runs
      .getState()
      .setProblems("editor", [
        { file: "lambda_main.py", line: 1, column: 1, severity: "warning", text: "kept", source: "editor" },
      ]);
    const stop = startPythonSyntaxCheck(store, runs, 400);
    const worker = StandInWorker.made[0]!;
    expect(worker.asked).toEqual([{ seq: 1, files: { "lambda_main.py": "def main(:\n" } }]);

    store.getState().setCode("def main(request):\n    return {\n");
    store.getState().setModule("helpers.py", "x = (\n");
    vi.advanceTimersByTime(399);
    expect(worker.asked).toHaveLength(1); // still typing
    vi.advanceTimersByTime(1);
    expect(worker.asked[1]).toEqual({
      seq: 2,
      files: { "lambda_main.py": "def main(request):\n    return {\n", "helpers.py": "x = (\n" },
    });
    // The answer about the old text arrives late: ignored.
    worker.answer({
      kind: "checked",
      seq: 1,
      problems: [{ file: "lambda_main.py", line: 1, column: 10, text: "old" }],
    });
    expect(runs.getState().problems.map((p) => p.source)).toEqual(["editor"]);
    worker.answer({
      kind: "checked",
      seq: 2,
      problems: [{ file: "helpers.py", line: 1, column: 5, text: "SyntaxError: '(' was never closed" }],
    });
    expect(runs.getState().problems.map((p) => `${p.source} ${p.file}:${p.line}:${p.column}`)).toEqual([
      "editor lambda_main.py:1:1",
      "python helpers.py:1:5",
    ]);

    // Nothing changed in the files: no second check of the same text.
    store.getState().setCode("def main(request):\n    return {\n");
    vi.advanceTimersByTime(400);
    expect(worker.asked).toHaveLength(2);

    // A TypeScript project has no Python problems, and an answer still on its way is dropped.
    store.getState().setCode("export const main = () => 1;\n", "blank", "typescript");
    worker.answer({ kind: "checked", seq: 2, problems: [{ file: "helpers.py", line: 1, column: 5, text: "late" }] });
    expect(runs.getState().problems.map((p) => p.source)).toEqual(["editor"]);
    stop();
    expect(worker.terminated).toBe(true);
  });

  it("starts no worker for a TypeScript project", () => {
    const stop = startPythonSyntaxCheck(createProjectStore(), createRunStore(), 400);
    vi.advanceTimersByTime(1000);
    expect(StandInWorker.made).toHaveLength(0);
    stop();
  });
});
