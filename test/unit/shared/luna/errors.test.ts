import { describe, expect, it } from "vitest";
import { Errors, LunaError, errorLink, toLunaError } from "../../../../shared/luna/errors.ts";

describe("error catalogue", () => {
  it("has one entry per code", () => {
    const codes = Object.values(Errors).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("uses Luna's documented numbers where they exist", () => {
    expect(Errors.BadContentType.code).toBe(12017);
    expect(Errors.BadInputMsgpack.code).toBe(12047);
    expect(Errors.FaceNotFound).toMatchObject({ code: 22002, status: 404, desc: "Object not found" });
    expect(Errors.LambdaException.code).toBe(42004);
  });

  it("renders the Luna body with the documentation link", () => {
    const body = new LunaError(Errors.FaceNotFound, "048e1428-c7de-426b-82f8-3971bf00284c").toBody();
    expect(body).toEqual({
      error_code: 22002,
      desc: "Object not found",
      detail: "Face with id '048e1428-c7de-426b-82f8-3971bf00284c' not found",
      link: "https://docs.visionlabs.ai/info/luna/troubleshooting/errors-description/code-22002",
    });
    expect(errorLink(12047)).toMatch(/code-12047$/);
  });

  it("hides unknown errors behind code 1", () => {
    const wrapped = toLunaError(new TypeError("secret internals"));
    expect(wrapped.code).toBe(1);
    expect(JSON.stringify(wrapped.toBody())).not.toContain("secret");
  });
});
