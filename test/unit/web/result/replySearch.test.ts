import { describe, expect, it } from "vitest";
import { subtreeMatches } from "../../../../web/result/replySearch.ts";

describe("reply search", () => {
  it("finds a query in keys and values anywhere below", () => {
    const reply = { images: [{ emotions: { predominant: "happiness" } }] };
    expect(subtreeMatches(reply, "predominant")).toBe(true);
    expect(subtreeMatches(reply, "happi")).toBe(true);
    expect(subtreeMatches(reply, "anger")).toBe(false);
  });
});
