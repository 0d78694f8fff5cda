/** The input walk every structured body passes: unstorable strings and nesting, without recursion. */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { LunaError } from "../../../../shared/luna/errors.ts";
import {
  badStringReason,
  checkInputValue,
  freeFormJson,
  MAX_BODY_DEPTH,
  nestingDepth,
} from "../../../../shared/luna/inputSafety.ts";

function nested(depth: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

function refusal(run: () => void): { code: number; detail: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof LunaError) return { code: error.code, detail: error.detail };
    throw error;
  }
  throw new Error("not refused");
}

describe("input safety", () => {
  it("tells NUL and lone surrogates from well-formed text", () => {
    expect(badStringReason("plain 😀 text")).toBeNull();
    expect(badStringReason("a\u0000b")).toMatch(/NUL/);
    for (const lone of ["\ud800", "x\udc00", "\ud83d\ud83d", "\ude00\ud83d"])
      expect(badStringReason(lone)).toMatch(/surrogate/);
  });

  it("names the path of the first bad string, value or key, per input kind", () => {
    expect(refusal(() => checkInputValue({ events: [{ meta: { note: "\ud800" } }] }, "json"))).toEqual({
      code: 12022,
      detail: expect.stringContaining("Path: 'events[0].meta.note'"),
    });
    expect(refusal(() => checkInputValue({ m: { "k\u0000": 1 } }, "msgpack"))).toEqual({
      code: 12047,
      detail: expect.stringContaining("'m.k\u0000'"),
    });
    expect(refusal(() => checkInputValue({ user_data: ["x", "\u0000"] }, "query"))).toEqual({
      code: 12031,
      detail: expect.stringContaining("'user_data[1]'"),
    });
    expect(() => checkInputValue({ bytes: new Uint8Array([0, 0xd8]), ok: "fine", n: 1 }, "msgpack")).not.toThrow();
  });

  it("refuses nesting past the body limit without recursing, however deep", () => {
    expect(() => checkInputValue(nested(MAX_BODY_DEPTH), "json")).not.toThrow();
    expect(refusal(() => checkInputValue(nested(MAX_BODY_DEPTH + 1), "json")).detail).toMatch(
      /nested deeper than 48 levels/,
    );
    expect(refusal(() => checkInputValue(nested(1_000_000), "msgpack")).code).toBe(12047);
  });

  it("measures depth and limits free-form fields to 32 levels", () => {
    expect(nestingDepth(1, 32)).toBe(0);
    expect(nestingDepth({}, 32)).toBe(1);
    expect(nestingDepth(nested(10), 32)).toBe(10);
    expect(nestingDepth(nested(1_000_000), 32)).toBe(33);
    const meta = freeFormJson(z.record(z.string(), z.unknown()));
    expect(meta.safeParse({ a: nested(31) }).success).toBe(true);
    expect(meta.safeParse({ a: nested(32) }).success).toBe(false);
  });
});
