import { describe, expect, it } from "vitest";
import { compareReplies } from "../../../../shared/lambda/replyComparison.ts";

const saved = {
  status: 201,
  body: {
    face_id: "0b5e3c1e-8a44-4c1f-9a52-3f1f2d7c9e10",
    url: "http://127.0.0.1:5000/6/faces/0b5e3c1e-8a44-4c1f-9a52-3f1f2d7c9e10",
    create_time: "2026-11-24T22:58:01.123Z",
    emotion: "happiness",
    score: 0.98761,
    landmarks: [1, 2, 3],
  },
};

describe("compareReplies", () => {
  it("accepts a rerun that differs only in ids, times and float noise", () => {
    const rerun = {
      status: 201,
      body: {
        face_id: "a1b2c3d4-0000-4111-8222-333344445555",
        url: "http://10.0.0.5:5030/6/faces/a1b2c3d4-0000-4111-8222-333344445555",
        create_time: "2026-11-25T01:02:03.456+03:00",
        emotion: "happiness",
        score: 0.98769,
        landmarks: [1, 2, 3],
      },
    };
    expect(compareReplies(saved, rerun)).toEqual([]);
  });

  it("names every real difference with its path", () => {
    const other = {
      status: 500,
      body: { ...saved.body, emotion: "anger", score: 0.5, landmarks: [1, 2], extra: true },
    };
    const { face_id: _dropped, ...withoutId } = other.body;
    const differences = compareReplies(saved, { status: 500, body: withoutId });
    expect(differences).toEqual([
      "status: expected 201, got 500",
      "body.face_id: missing",
      'body.emotion: expected "happiness", got "anger"',
      "body.score: expected 0.98761, got 0.5",
      "body.landmarks: expected 3 items, got 2",
      "body.extra: not expected",
    ]);
  });

  it("still compares the path of a URL", () => {
    const moved = {
      ...saved,
      body: { ...saved.body, url: "http://127.0.0.1:5000/6/events/0b5e3c1e-8a44-4c1f-9a52-3f1f2d7c9e10" },
    };
    expect(compareReplies(saved, moved)).toHaveLength(1);
  });

  it("tells types apart (null vs object, number vs string)", () => {
    expect(compareReplies({ status: 200, body: null }, { status: 200, body: {} })).toEqual([
      "body: expected null, got object",
    ]);
    expect(compareReplies({ status: 200, body: [1] }, { status: 200, body: ["1"] })).toEqual([
      "body[0]: expected number, got string",
    ]);
  });
});
