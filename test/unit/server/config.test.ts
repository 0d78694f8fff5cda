/** The server's environment: FACE_CHECK (issue 15's second-stage face check) on by default, 0 turns it off, anything else is refused. */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../server/config.ts";

describe("FACE_CHECK", () => {
  it("is on by default and off with 0", () => {
    expect(loadConfig({}).faceCheck).toBe(true);
    expect(loadConfig({ FACE_CHECK: "1" }).faceCheck).toBe(true);
    expect(loadConfig({ FACE_CHECK: "0" }).faceCheck).toBe(false);
  });

  it("refuses any other value, naming the variable", () => {
    for (const value of ["yes", "false", "2", " 0"])
      expect(() => loadConfig({ FACE_CHECK: value }), value).toThrow(/^bad environment variable FACE_CHECK: /);
  });
});
