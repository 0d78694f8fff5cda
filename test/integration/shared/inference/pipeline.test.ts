/**
 * The inference core on real photos and the real models: faces found where a person sees them,
 * none where there are none, verification on both sides of the threshold, plausible attributes.
 */
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { cosine, decodeSdkDescriptor, descriptorToVector } from "../../../../shared/luna/descriptor.ts";
import { cosineToSimilarity, SAME_PERSON_SIMILARITY } from "../../../../shared/luna/similarity.ts";
import { sdkReplySchema } from "../../../../shared/luna/schemas/sdk.ts";
import type { FaceEstimation } from "../../../../shared/inference/pipeline.ts";
import { photo } from "../../../support/fixtures.ts";
import { createNodePipeline, flags } from "../../../support/nodePipeline.ts";

const pipeline = createNodePipeline();
afterAll(() => pipeline.models.dispose());

async function faces(name: string, f = flags({}), body: Uint8Array = photo(name)): Promise<FaceEstimation[]> {
  const result = await pipeline.estimate([{ filename: name, body }], f);
  const image = result.reply.images_estimations[0]!;
  expect(image.status, image.error.detail).toBe(1);
  return image.estimations;
}

function centre(e: FaceEstimation): [number, number] {
  const r = e.face.detection.rect;
  return [r.x + r.width / 2, r.y + r.height / 2];
}

async function descriptor(name: string): Promise<Float32Array> {
  const found = await faces(name, flags({ estimateFaceDescriptor: true }));
  expect(found.length, `faces in ${name}`).toBeGreaterThanOrEqual(1);
  return descriptorToVector(decodeSdkDescriptor(found[0]!.face.detection.attributes.descriptor!.sdk_descriptor));
}

describe("detection", () => {
  it("finds Grace Hopper's face where it is", async () => {
    const found = await faces("grace_hopper_512x512.jpg");
    expect(found).toHaveLength(1);
    const d = found[0]!.face.detection;
    expect(d.score).toBeGreaterThan(0.95);
    // The face spans roughly x 170–360, y 110–320 in the 512×512 photo (eyes at y≈175).
    const [cx, cy] = centre(found[0]!);
    expect(cx).toBeGreaterThan(230);
    expect(cx).toBeLessThan(300);
    expect(cy).toBeGreaterThan(180);
    expect(cy).toBeLessThan(250);
    expect(d.rect.width).toBeGreaterThan(150);
    expect(d.rect.width).toBeLessThan(240);
  });

  it("finds the four faces of the group photo, left to right", async () => {
    const found = await faces("picture.jpg");
    expect(found).toHaveLength(4);
    const xs = found.map((f) => centre(f)[0]).sort((a, b) => a - b);
    // Faces at x ≈ 145, 275, 403, 496 in the 620×349 photo.
    [145, 275, 403, 496].forEach((x, i) => expect(Math.abs(xs[i]! - x)).toBeLessThan(25));
  });

  it("finds small faces in a large frame (tiled detection)", async () => {
    // The group photo (faces ≈ 45 px) placed into a 3000×2000 frame: a single 320×240 pass sees
    // those faces at 5 px and misses some; the tiles bring them back.
    const group = photo("picture.jpg");
    const frame = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: "#7a8a7a" } })
      .composite([{ input: Buffer.from(group), left: 900, top: 800 }])
      .jpeg()
      .toBuffer();
    const found = await faces("frame.jpg", flags({}), new Uint8Array(frame));
    expect(found).toHaveLength(4);
    const xs = found.map((f) => centre(f)[0] - 900).sort((a, b) => a - b);
    [145, 275, 403, 496].forEach((x, i) => expect(Math.abs(xs[i]! - x)).toBeLessThan(25));
    for (const f of found) expect(Math.abs(centre(f)[1] - 800 - 100)).toBeLessThan(120);
  });

  it("finds no face in photos without people", async () => {
    expect(await faces("noface_coffee.png")).toHaveLength(0);
    expect(await faces("noface_rocket.jpg")).toHaveLength(0);
  });

  it("finds a face in every one of the eleven video frames", async () => {
    for (const n of [
      "01829",
      "02045",
      "02159",
      "02221",
      "02683",
      "02888",
      "03909",
      "03979",
      "04000",
      "04035",
      "04117",
    ]) {
      expect(await faces(`franck_${n}.jpg`), n).toHaveLength(1);
    }
  });

  it("applies the EXIF orientation before detecting", async () => {
    // The same photo stored rotated 90° with EXIF orientation 8 ("rotate 270° to display").
    const rotated = await sharp(photo("grace_hopper_512x512.jpg"))
      .rotate(90)
      .jpeg()
      .withMetadata({ orientation: 8 })
      .toBuffer();
    const found = await faces("rotated.jpg", flags({}), new Uint8Array(rotated));
    expect(found).toHaveLength(1);
    const [cx, cy] = centre(found[0]!);
    expect(cx).toBeGreaterThan(230);
    expect(cx).toBeLessThan(300);
    expect(cy).toBeGreaterThan(180);
    expect(cy).toBeLessThan(250);
  });

  it("decodes 16-bit, transparent and greyscale images", async () => {
    const source = sharp(photo("grace_hopper_512x512.jpg"));
    const deep = await source.clone().toColourspace("rgb16").png().toBuffer();
    const transparent = await source.clone().ensureAlpha(0.6).png().toBuffer();
    const grey = await source.clone().greyscale().jpeg().toBuffer();
    for (const [name, bytes] of [
      ["16-bit.png", deep],
      ["alpha.png", transparent],
      ["grey.jpg", grey],
    ] as const) {
      const found = await faces(name, flags({}), new Uint8Array(bytes));
      expect(found, name).toHaveLength(1);
      expect(Math.abs(centre(found[0]!)[0] - 264), name).toBeLessThan(20);
    }
  });

  it("redetects inside a given area only, in full-image coordinates", async () => {
    const result = await pipeline.estimate(
      [{ filename: "picture.jpg", body: photo("picture.jpg"), faceAreas: [{ x: 360, y: 30, width: 90, height: 90 }] }],
      flags({}),
    );
    const found = result.reply.images_estimations[0]!.estimations;
    expect(found).toHaveLength(1);
    const [cx] = centre(found[0]!);
    expect(Math.abs(cx - 403)).toBeLessThan(20);
  });

  it("honours multiface_policy", async () => {
    expect(await faces("picture.jpg", flags({ multifacePolicy: 2 }))).toHaveLength(1);
    const result = await pipeline.estimate(
      [{ filename: "picture.jpg", body: photo("picture.jpg") }],
      flags({ multifacePolicy: 0 }),
    );
    expect(result.reply.images_estimations[0]).toMatchObject({ status: 0, error: { error_code: 95006 } });
  });
});

describe("landmarks and warp", () => {
  it("puts the five points on the eyes, nose and mouth", async () => {
    const [face] = await faces(
      "grace_hopper_512x512.jpg",
      flags({ estimateLandmarks5: true, estimateLandmarks68: true }),
    );
    const [le, re, nose, ml, mr] = face!.face.detection.landmarks5!;
    expect(face!.face.detection.landmarks68).toHaveLength(68);
    // Eyes behind the glasses at y ≈ 175, x ≈ 222 and 306; mouth at y ≈ 260.
    expect(Math.abs(le![1] - 175)).toBeLessThan(15);
    expect(Math.abs(re![1] - 175)).toBeLessThan(15);
    expect(re![0] - le![0]).toBeGreaterThan(60);
    expect(nose![1]).toBeGreaterThan(le![1]);
    expect(ml![1]).toBeGreaterThan(nose![1]);
    expect(mr![0]).toBeGreaterThan(ml![0]);
  });

  it("returns a 112×112 JPEG warp", async () => {
    const [face] = await faces("astronaut.png", flags({ estimateFaceWarp: true }));
    const meta = await sharp(face!.face.detection.warp!).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 112, height: 112 });
  });
});

describe("verification", () => {
  it("scores the same person above and different people below the threshold", async () => {
    const franck = await Promise.all(["franck_01829.jpg", "franck_02683.jpg", "franck_04117.jpg"].map(descriptor));
    const others = await Promise.all(
      ["grace_hopper_512x512.jpg", "SeanConnery.jpg", "audrey.jpg", "cage.jpg"].map(descriptor),
    );
    for (let i = 0; i < franck.length; i++)
      for (let j = i + 1; j < franck.length; j++) {
        expect(cosineToSimilarity(cosine(franck[i]!, franck[j]!))).toBeGreaterThan(SAME_PERSON_SIMILARITY);
      }
    for (const f of franck)
      for (const o of others) expect(cosineToSimilarity(cosine(f, o))).toBeLessThan(SAME_PERSON_SIMILARITY);
  });

  it("matches the two photos of Nicolas Cage and of Justin Bieber", async () => {
    for (const [a, b] of [
      ["cage.jpg", "cage2_crop.jpg"],
      ["bieber_small.jpg", "Justin-Bieber2_crop.jpg"],
    ] as const) {
      expect(cosineToSimilarity(cosine(await descriptor(a), await descriptor(b))), `${a} vs ${b}`).toBeGreaterThan(
        SAME_PERSON_SIMILARITY,
      );
    }
  });
});

describe("attributes", () => {
  const all = flags({
    estimateBasicAttributes: true,
    estimateEmotions: true,
    estimateLiveness: true,
    estimateHeadPose: true,
    estimateEyesAttributes: true,
  });

  it("sees two smiling, open-eyed, frontal faces as such", async () => {
    for (const name of ["astronaut.png", "grace_hopper_512x512.jpg"]) {
      const [face] = await faces(name, all);
      const a = face!.face.detection.attributes;
      expect(a.emotions!.predominant_emotion, name).toBe("happiness");
      const sum = Object.values(a.emotions!.estimations).reduce((x, y) => x + y, 0);
      expect(sum).toBeCloseTo(1, 5);
      expect(a.eyes_attributes).toEqual({ left_eye: { state: "open" }, right_eye: { state: "open" } });
      expect(Math.abs(a.head_pose!.yaw)).toBeLessThan(15);
      expect(Math.abs(a.head_pose!.roll)).toBeLessThan(15);
      expect(a.basic_attributes!.age).toBeGreaterThan(20);
      expect(a.basic_attributes!.age).toBeLessThan(90);
      expect(a.basic_attributes!.ethnicities).toEqual({ predominant_ethnicity: null, estimations: null });
      expect(a.liveness!.estimations.score).toBeGreaterThan(0.5);
      expect(a.liveness!.prediction).toBe("real");
    }
  });

  it("sees the head turned in the profile photo", async () => {
    const [face] = await faces("camera.png", all);
    expect(Math.abs(face!.face.detection.attributes.head_pose!.yaw)).toBeGreaterThan(30);
  });

  it("produces replies that satisfy the /sdk reply schema", async () => {
    const result = await pipeline.estimate([{ filename: "picture.jpg", body: photo("picture.jpg") }], {
      ...all,
      estimateFaceDescriptor: true,
      estimateFaceWarp: true,
      estimateLandmarks5: true,
      estimateLandmarks68: true,
    });
    expect(sdkReplySchema.safeParse(result.reply).success).toBe(true);
    expect(result.timings.detect).toBeGreaterThan(0);
    expect(result.timings.emotions).toBeGreaterThan(0);
    expect(result.backend).toBe("onnxruntime-node/cpu");
  });

  it("refuses mask estimation without a mask model, naming what is missing", async () => {
    await expect(
      pipeline.estimate([{ filename: "a", body: photo("astronaut.png") }], flags({ estimateMask: true })),
    ).rejects.toMatchObject({
      code: 95020,
      detail: expect.stringMatching(/mask classifier/),
    });
  });
});

describe("broken images", () => {
  it("fail only their own entry", async () => {
    const result = await pipeline.estimate(
      [
        { filename: "broken.jpg", body: new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]) },
        { filename: "good.jpg", body: photo("grace_hopper_512x512.jpg") },
        { filename: "empty.jpg", body: new Uint8Array() },
      ],
      flags({}),
    );
    const [broken, good, empty] = result.reply.images_estimations;
    expect(broken).toMatchObject({ filename: "broken.jpg", status: 0, error: { error_code: 95001 }, estimations: [] });
    expect(good).toMatchObject({ filename: "good.jpg", status: 1, error: { error_code: 0 } });
    expect(good!.estimations).toHaveLength(1);
    expect(empty).toMatchObject({ status: 0, error: { error_code: 95001, detail: expect.stringMatching(/empty/) } });
  });
});
