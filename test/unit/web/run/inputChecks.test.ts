import { describe, expect, it } from "vitest";
import { timeoutProblem } from "../../../../web/run/timeoutProblem.ts";
import { webgpuNotice } from "../../../../web/run/webgpuNotice.ts";
import { modulePathProblem } from "../../../../web/panels/modulePath.ts";

describe("timeoutProblem", () => {
  it('refuses "", 0, −5, fractions and more than 600 s; takes 1–600', () => {
    expect(timeoutProblem("")).toMatch(/needs a value/);
    expect(timeoutProblem("0")).toMatch(/1–600 s, not 0/);
    expect(timeoutProblem("-5")).toMatch(/not -5/);
    expect(timeoutProblem("2.5")).toMatch(/whole seconds/);
    expect(timeoutProblem("601")).toMatch(/not 601/);
    expect(timeoutProblem("1")).toBeNull();
    expect(timeoutProblem("600")).toBeNull();
  });
});

describe("modulePathProblem", () => {
  const files = { "lambda_main.ts": "", "helpers.ts": "" };
  it("takes names the server takes and refuses the rest with a reason", () => {
    expect(modulePathProblem("count", ".ts", files)).toBeNull();
    expect(modulePathProblem("lib/count.ts", ".ts", files)).toBeNull();
    expect(modulePathProblem("", ".ts", files)).toMatch(/a name/);
    expect(modulePathProblem("../escape", ".ts", files)).toMatch(/letters, digits/);
    expect(modulePathProblem("/abs", ".ts", files)).toMatch(/letters, digits/);
    expect(modulePathProblem("lambda_main", ".ts", files)).toMatch(/main file/);
    expect(modulePathProblem("helpers", ".ts", files)).toMatch(/exists/);
    expect(modulePathProblem("x.py", ".ts", files)).toMatch(/\.ts module|letters/);
  });
});

describe("webgpuNotice", () => {
  it("says in plain words that WASM ran, with onnxruntime's text only as details", () => {
    const notice = webgpuNotice("browser-webgpu", {
      backend: "wasm",
      fallbackReason: "navigator.gpu.requestAdapter() returned null",
      wasmFallbacks: [],
    });
    expect(notice).toMatchObject({
      testId: "webgpu-fallback",
      details: "navigator.gpu.requestAdapter() returned null",
    });
    expect(notice!.text).not.toMatch(/requestAdapter/);
    const partial = webgpuNotice("browser-webgpu", {
      backend: "webgpu",
      fallbackReason: null,
      wasmFallbacks: ["fr_expression: [WebGPU] Kernel 'Conv' failed: GPUValidationError"],
    });
    expect(partial!.text).toMatch(/1 model\(s\) ran on WASM instead \(fr_expression\)/);
    expect(partial!.text).not.toMatch(/GPUValidationError/);
    expect(webgpuNotice("server", { backend: "onnxruntime-node", fallbackReason: null, wasmFallbacks: [] })).toBeNull();
  });
});
