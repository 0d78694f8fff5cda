import { describe, expect, it } from "vitest";
import {
  dataRefFor,
  eventSampleIds,
  faceSampleIds,
  kindOf,
  lastPage,
  pageRange,
  parseObjectId,
  SECTIONS,
  sectionOf,
  shortId,
} from "../../../../web/data/dataRefs.ts";

describe("the data browser's references", () => {
  it("puts each kind a reply names in its section, and back", () => {
    expect(["face", "list", "event", "sample", "attribute"].map((k) => sectionOf(k as "face"))).toEqual([
      "faces",
      "lists",
      "events",
      "samples",
      "faces",
    ]);
    expect(SECTIONS.map(([s]) => kindOf(s))).toEqual(["face", "list", "event", "sample"]);
  });

  it("finds the samples a face and an event name, each once", () => {
    const a = "5f1c7a52-6f0e-4d54-9a43-0c5d2b1f0a11";
    const b = "0e9d54f1-2a6b-4c1e-8d7f-3b2a1c0d9e88";
    expect(faceSampleIds({ attributes: { descriptor_samples: [a], basic_attributes_samples: [a, b] } })).toEqual([
      a,
      b,
    ]);
    expect(
      eventSampleIds({
        detections: [{ samples: { face: { sample_id: a }, body: null } }, { samples: null }, {}],
        face_attributes: { samples: [a, b] },
      }),
    ).toEqual([a, b]);
    expect(eventSampleIds({})).toEqual([]);
  });

  it("describes pages and accepts only UUIDs as ids", () => {
    expect(pageRange(1, 20, 57)).toBe("1–20 of 57");
    expect(pageRange(3, 20, 57)).toBe("41–57 of 57");
    expect(pageRange(1, 20, 0)).toBe("none");
    expect([lastPage(20, 57), lastPage(20, 40), lastPage(20, 0)]).toEqual([3, 2, 1]);
    expect(parseObjectId("  5F1C7A52-6F0E-4D54-9A43-0C5D2B1F0A11 ")).toBe("5f1c7a52-6f0e-4d54-9a43-0c5d2b1f0a11");
    for (const bad of [
      "",
      "face",
      "5f1c7a52-6f0e-4d54-9a43-0c5d2b1f0a1",
      "../faces",
      "5f1c7a52-6f0e-4d54-9a43-0c5d2b1f0a11/x",
    ])
      expect(parseObjectId(bad)).toBeNull();
    expect(shortId("5f1c7a52-6f0e-4d54-9a43-0c5d2b1f0a11")).toBe("5f1c7a52…0a11");
  });

  it("tells the reply tree which values are ids of stored objects", () => {
    const id = "5F1C7A52-6F0E-4D54-9A43-0C5D2B1F0A11";
    const lower = id.toLowerCase();
    expect(dataRefFor("face_id", id)).toEqual({ kind: "face", id: lower });
    expect(dataRefFor("event_id", lower)).toEqual({ kind: "event", id: lower });
    expect(dataRefFor("sample_id", lower)).toEqual({ kind: "sample", id: lower });
    expect(dataRefFor("attribute_id", lower)).toEqual({ kind: "attribute", id: lower });
    // Items of id lists: a face's lists, an event's samples.
    expect(dataRefFor("0", lower, "lists")).toEqual({ kind: "list", id: lower });
    expect(dataRefFor("2", lower, "samples")).toEqual({ kind: "sample", id: lower });
    // Not ids: other keys, other values, null.
    expect(dataRefFor("handler_id", lower)).toBeNull();
    expect(dataRefFor("face_id", "not-a-uuid")).toBeNull();
    expect(dataRefFor("face_id", null)).toBeNull();
    expect(dataRefFor("0", lower, "tags")).toBeNull();
    expect(dataRefFor("lists", lower)).toBeNull();
  });
});
