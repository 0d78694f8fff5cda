import { describe, expect, it } from "vitest";
import { diffReplies, repliesAgree } from "../../../../web/run/replyDiff.ts";

describe("diffReplies", () => {
  const server = { images: [{ score: 0.975848, box: { x: 120, y: 88 }, label: "happiness" }], id: "a" };
  const browser = { images: [{ score: 0.975845, box: { x: 120, y: 88 }, label: "happiness" }], id: "a" };

  it("counts numbers within the relative tolerance as close, and exact ones as the same", () => {
    const rows = diffReplies(server, browser, 0.01);
    expect(rows.find((r) => r.path === "images[0].score")).toMatchObject({ kind: "close" });
    expect(rows.find((r) => r.path === "images[0].box.x")).toMatchObject({ kind: "same", left: 120, right: 120 });
    expect(repliesAgree(rows)).toBe(true);
    expect(repliesAgree(diffReplies(server, browser, 0))).toBe(false);
  });

  it("reports changed strings, missing and extra leaves by path", () => {
    const rows = diffReplies({ a: 1, b: "x", gone: true }, { a: 1, b: "y", extra: [] }, 0.01);
    expect(rows).toEqual(
      expect.arrayContaining([
        { path: "b", left: "x", right: "y", kind: "differs" },
        { path: "gone", left: true, right: undefined, kind: "onlyLeft" },
        { path: "extra", left: undefined, right: [], kind: "onlyRight" },
      ]),
    );
    expect(repliesAgree(rows)).toBe(false);
  });

  it("scales the tolerance with the numbers' size (1 % of 1000 is 10)", () => {
    expect(diffReplies({ n: 1000 }, { n: 1009 }, 0.01)[0]!.kind).toBe("close");
    expect(diffReplies({ n: 1000 }, { n: 1011 }, 0.01)[0]!.kind).toBe("differs");
    // Below 1 the tolerance is absolute: 0.004 vs 0.012 are within 0.01.
    expect(diffReplies({ n: 0.004 }, { n: 0.012 }, 0.01)[0]!.kind).toBe("close");
  });

  it("compares bytes as base64 and whole non-objects at the root", () => {
    expect(diffReplies(new Uint8Array([1, 2]), new Uint8Array([1, 2]), 0)[0]).toMatchObject({ kind: "same" });
    expect(diffReplies(null, { a: 1 }, 0).map((r) => r.kind)).toEqual(["onlyLeft", "onlyRight"]);
  });
});
