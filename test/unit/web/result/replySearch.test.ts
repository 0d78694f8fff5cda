import { describe, expect, it } from "vitest";
import { dataRefOf, subtreeMatches } from "../../../../web/result/replySearch.ts";

describe("reply ids and search", () => {
  it("knows the ids Luna objects are named by, only when they are UUIDs", () => {
    const id = "8d4271a6-60d6-4162-ab36-78da5c419823";
    expect(dataRefOf("face_id", id)).toEqual({ kind: "face", id });
    expect(dataRefOf("event_id", id)).toEqual({ kind: "event", id });
    expect(dataRefOf("face_id", "not-a-uuid")).toBeNull();
    expect(dataRefOf("filename", id)).toBeNull();
  });

  it("finds a query in keys and values anywhere below", () => {
    const reply = { images: [{ emotions: { predominant: "happiness" } }] };
    expect(subtreeMatches(reply, "predominant")).toBe(true);
    expect(subtreeMatches(reply, "happi")).toBe(true);
    expect(subtreeMatches(reply, "anger")).toBe(false);
  });
});
