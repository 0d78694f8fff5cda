/** The one path rule for files inside a lambda project: joined under its folder, never outside. */
import { describe, expect, it } from "vitest";
import { projectPathProblem } from "../../../../shared/lambda/projectPath.ts";

describe("project paths", () => {
  it("takes plain relative paths", () => {
    for (const path of [
      "lambda_main.ts",
      "models/mask.onnx",
      "a/b/c d.json",
      "requests/r-1.msgpack",
      ".hidden",
      "x..y",
    ])
      expect([path, projectPathProblem(path)]).toEqual([path, null]);
  });

  it("refuses anything that could leave the folder or confuse a file system", () => {
    for (const path of [
      "",
      "/etc/passwd",
      "../x",
      "a/../../x",
      "a/./b",
      "./a",
      "a//b",
      "a/",
      "..",
      "a\\b",
      "c:x",
      "a\u0000b",
      "a\nb",
      "x".repeat(257),
    ]) {
      expect([path, projectPathProblem(path)]).toEqual([path, expect.any(String)]);
    }
  });
});
