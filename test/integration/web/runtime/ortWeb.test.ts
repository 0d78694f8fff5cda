/**
 * The same inference core on onnxruntime-web (WASM, as the browser worker runs it) and on
 * onnxruntime-node gives the same answers: boxes agree (IoU ≥ 0.98) and descriptors agree
 * (cosine ≥ 0.999) on real photos.
 */
import * as ortWeb from "onnxruntime-web";
import { afterAll, describe, expect, it } from "vitest";
import { EMOTIONS_MODEL } from "../../../../shared/inference/attributes/emotions.ts";
import { iou } from "../../../../shared/inference/geometry.ts";
import { ModelRegistry } from "../../../../shared/inference/modelRegistry.ts";
import { DEFAULT_PIPELINE_OPTIONS, FacePipeline } from "../../../../shared/inference/pipeline.ts";
import { cosine, decodeSdkDescriptor, descriptorToVector } from "../../../../shared/luna/descriptor.ts";
import { createFsModelSource } from "../../../../server/runtime/fsModelSource.ts";
import { createSharpCodec } from "../../../../server/runtime/sharpCodec.ts";
import { createOrtWebBackend, FAST_WASM_INPUT_SIZES } from "../../../../web/runtime/ortWeb.ts";
import { photo } from "../../../support/fixtures.ts";
import { createNodePipeline, flags, MODELS_DIR } from "../../../support/nodePipeline.ts";

const node = createNodePipeline();
let web: FacePipeline | null = null;
afterAll(async () => {
  await node.models.dispose();
  await web?.models.dispose();
});

describe("onnxruntime-web (WASM) vs onnxruntime-node", () => {
  it("reports WASM when WebGPU is not available, with the reason", async () => {
    const backend = await createOrtWebBackend(ortWeb, { preferWebGpu: true, threads: 1 });
    expect(backend.kind).toBe("wasm");
    expect(backend.name).toBe("onnxruntime-web/wasm");
    expect(backend.fallbackReason).toMatch(/WebGPU|navigator\.gpu/);
  });

  it("finds the same faces and the same descriptors", async () => {
    const backend = await createOrtWebBackend(ortWeb, { preferWebGpu: false, threads: 1 });
    web = new FacePipeline(
      new ModelRegistry(backend, createFsModelSource(MODELS_DIR)),
      createSharpCodec(),
      DEFAULT_PIPELINE_OPTIONS,
    );
    const f = flags({ estimateFaceDescriptor: true, estimateLandmarks5: true });
    for (const name of ["grace_hopper_512x512.jpg", "picture.jpg", "franck_02159.jpg"]) {
      const input = [{ filename: name, body: photo(name) }];
      const a = (await node.estimate(input, f)).reply.images_estimations[0]!.estimations;
      const b = (await web.estimate(input, f)).reply.images_estimations[0]!.estimations;
      expect(b.length, name).toBe(a.length);
      a.forEach((face, i) => {
        const da = face.face.detection;
        const db = b[i]!.face.detection;
        expect(iou(da.rect, db.rect), name).toBeGreaterThanOrEqual(0.98);
        const va = descriptorToVector(decodeSdkDescriptor(da.attributes.descriptor!.sdk_descriptor));
        const vb = descriptorToVector(decodeSdkDescriptor(db.attributes.descriptor!.sdk_descriptor));
        expect(cosine(va, vb), name).toBeGreaterThanOrEqual(0.999);
      });
    }
    // Lazy on this side too: a descriptor request loaded only what it needs.
    expect(web.models.loadedModelIds()).toEqual(["detect", "landmarks", "descriptor"]);
  }, 120_000);

  it("runs the emotion model at 224 px by default and at 192 px when asked, with the server's predominant emotion", async () => {
    expect(web!.models.inputSize(EMOTIONS_MODEL)).toEqual([224, 224]);
    const backend = await createOrtWebBackend(ortWeb, {
      preferWebGpu: false,
      threads: 1,
      modelInputSizes: FAST_WASM_INPUT_SIZES,
    });
    const pipeline = new FacePipeline(
      new ModelRegistry(backend, createFsModelSource(MODELS_DIR)),
      createSharpCodec(),
      DEFAULT_PIPELINE_OPTIONS,
    );
    afterAll(() => pipeline.models.dispose());
    expect(pipeline.models.inputSize(EMOTIONS_MODEL)).toEqual([192, 192]);
    expect(node.models.inputSize(EMOTIONS_MODEL)).toEqual([224, 224]);
    const input = [{ filename: "grace_hopper_512x512.jpg", body: photo("grace_hopper_512x512.jpg") }];
    const f = flags({ estimateEmotions: true });
    const a = (await node.estimate(input, f)).reply.images_estimations[0]!.estimations[0]!;
    const b = (await pipeline.estimate(input, f)).reply.images_estimations[0]!.estimations[0]!;
    expect(b.face.detection.attributes.emotions!.predominant_emotion).toBe(
      a.face.detection.attributes.emotions!.predominant_emotion,
    );
  }, 120_000);
});
