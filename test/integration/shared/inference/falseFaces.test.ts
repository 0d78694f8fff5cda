/**
 * The second-stage face check (shared/inference/faceCheck.ts) on real photos: fewer no-face photos
 * with a face, every face of the face photos still found. The figures are docs/inference.md's.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PIPELINE_OPTIONS, FacePipeline } from "../../../../shared/inference/pipeline.ts";
import { createNodePipeline, flags } from "../../../support/nodePipeline.ts";
import { ensurePackedPhotos, FACE_PHOTOS, NO_FACE_PHOTOS, photo } from "../../../support/fixtures.ts";

let checked: FacePipeline;
let unchecked: FacePipeline;

beforeAll(() => {
  ensurePackedPhotos();
  checked = createNodePipeline();
  unchecked = new FacePipeline(checked.models, checked.codec, { ...DEFAULT_PIPELINE_OPTIONS, faceCheck: false });
});

async function faceCount(pipeline: FacePipeline, name: string): Promise<number> {
  const result = await pipeline.estimate([{ filename: name, body: photo(name) }], flags({}));
  return result.reply.images_estimations[0]!.estimations.length;
}

async function photosWithFaces(pipeline: FacePipeline): Promise<string[]> {
  const found: string[] = [];
  for (const name of Object.keys(NO_FACE_PHOTOS)) if ((await faceCount(pipeline, name)) > 0) found.push(name);
  return found;
}

describe("false faces", () => {
  it("the check leaves 2 of the 9 no-face photos with a face (a plastic mask, a painting); 5 without it", async () => {
    expect(Object.keys(NO_FACE_PHOTOS)).toHaveLength(9);
    expect(await photosWithFaces(checked)).toEqual(["vendetta.jpg", "joconde.jpg"]);
    expect(await photosWithFaces(unchecked)).toEqual([
      "noface_hubble.jpg",
      "noface_chelsea.png",
      "vendetta.jpg",
      "skullmask.jpg",
      "joconde.jpg",
    ]);
  });

  it("keeps every face of the face photos", async () => {
    for (const [name, faces] of Object.entries(FACE_PHOTOS)) expect(await faceCount(checked, name), name).toBe(faces);
  });
});
