import { describe, expect, it } from "vitest";
import { cleanStack } from "../../../../shared/lambda/stackTrace.ts";
import { cleanTraceback } from "../../../../shared/lambda/pythonLambda.ts";

const roots = { lambdaRoots: ["file:///lambda/", "/lambda/"], runtimeRoots: ["file:///runtime/", "/runtime/"] };

describe("cleanStack", () => {
  it("keeps the lambda's frames by their own paths and drops the runtime's and the platform's", () => {
    const stack = [
      "Error: line four",
      "    at check (file:///lambda/lib/checks.ts:2:20)",
      "    at main (file:///lambda/lambda_main.ts:4:9)",
      "    at invokeLambda (file:///runtime/chunk-ABC.mjs:69:18)",
      "    at async file:///runtime/runner.mjs:12:3",
      "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
    ].join("\n");
    expect(cleanStack(stack, roots)).toBe(
      "Error: line four\n    at check (lib/checks.ts:2:20)\n    at main (lambda_main.ts:4:9)",
    );
  });

  it("removes the roots from the message too", () => {
    expect(cleanStack("Error: ENOENT: no such file, open '/lambda/models/x.onnx'", roots)).toBe(
      "Error: ENOENT: no such file, open 'models/x.onnx'",
    );
  });
});

describe("cleanTraceback", () => {
  it("names the lambda's files without Pyodide's load folder and leaves the shims' frames out", () => {
    const traceback = [
      "Traceback (most recent call last):",
      '  File "/luna/python/luna_lambda_tools/_main.py", line 54, in run_main',
      "    result = await module.main(request)",
      "             ^^^^^^^^^^^^^^^^^^^^^^^^^^",
      '  File "/luna/lambda/l0123abcd/lambda_main.py", line 4, in main',
      "    fail()",
      "ValueError: boom",
    ].join("\n");
    expect(cleanTraceback(traceback)).toBe(
      [
        "Traceback (most recent call last):",
        '  File "lambda_main.py", line 4, in main',
        "    fail()",
        "ValueError: boom",
      ].join("\n"),
    );
  });
});
