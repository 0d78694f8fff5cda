/**
 * Serves a lambda's `engine.*` calls with the inference core (seed example 5's lunavl role): the
 * server answers sandboxed lambdas over IPC with it, the browser's inference worker answers the
 * lambda worker. Built-in models are the host's, already loaded; the mask classifier is the
 * lambda's own `models/mask.onnx` with its `models/mask.json` manifest, read through
 * `readLambdaFile` and loaded on first use.
 */
import { warpToArcFace } from "../inference/align.ts";
import { estimateMask } from "../inference/attributes/mask.ts";
import { SerialSession } from "../inference/backend.ts";
import { detectFaces, redetectFace } from "../inference/detect.ts";
import { checkFace } from "../inference/faceCheck.ts";
import type { ImageCodec } from "../inference/imageCodec.ts";
import { estimateLandmarks68, landmarks5From68 } from "../inference/landmarks.ts";
import type { ModelRegistry, UserModel } from "../inference/modelRegistry.ts";
import { userClassifierManifestSchema } from "../inference/models.ts";
import { DEFAULT_PIPELINE_OPTIONS } from "../inference/pipeline.ts";
import type { EngineDetection, EngineWarp } from "../lambda/engine.ts";
import { Errors, LunaError } from "../luna/errors.ts";
import type { BoundingBox } from "../luna/schemas/handlersInput.ts";
import { z } from "zod";

/** Engine calls come from lambda code: untrusted arguments, checked like an /sdk request's. */
const MAX_ENGINE_IMAGE_BYTES = 64 * 1024 * 1024;
const image = z
  .instanceof(Uint8Array)
  .refine((bytes) => bytes.byteLength <= MAX_ENGINE_IMAGE_BYTES, `images are at most ${MAX_ENGINE_IMAGE_BYTES} bytes`);
const box = z.strictObject({
  x: z.number().finite(),
  y: z.number().finite(),
  width: z.number().finite().positive(),
  height: z.number().finite().positive(),
});
const point = z.tuple([z.number().finite(), z.number().finite()]);
const engineArgs = {
  detectFaces: z.object({ image, area: box.nullish() }),
  warp: z.object({
    image,
    detection: z.object({ rect: box, score: z.number(), landmarks5: z.array(point).length(5) }),
  }),
  estimateMask: z.object({ warp: z.object({ jpeg: image }) }),
};

function argsOf<K extends keyof typeof engineArgs>(
  operation: K,
  args: Record<string, unknown>,
): z.infer<(typeof engineArgs)[K]> {
  const parsed = engineArgs[operation].safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new LunaError(
      Errors.BadInputData,
      `engine.${operation}: ${issue.path.join(".") || "arguments"}: ${issue.message}`,
    );
  }
  return parsed.data as z.infer<(typeof engineArgs)[K]>;
}

const MASK_HELP =
  "this lambda estimates masks but has no mask model: add models/mask.onnx and models/mask.json " +
  "(manifest: kind, inputSize, normalisation, labels) to the lambda's files — in the playground, the editor's " +
  "models/ tab (Mask classifier); no mask model ships with the playground";

export class EngineHost {
  private mask: Promise<UserModel> | null = null;

  constructor(
    private readonly models: ModelRegistry,
    private readonly codec: ImageCodec,
    /** A file of the lambda by relative path (e.g. "models/mask.json"), null when it has none. */
    private readonly readLambdaFile: (path: string) => Promise<Uint8Array | null>,
  ) {}

  async handle(operation: string, args: Record<string, unknown>): Promise<unknown> {
    switch (operation) {
      case "detectFaces": {
        const { image, area } = argsOf("detectFaces", args);
        return this.detect(image, area ?? null);
      }
      case "warp": {
        const { image, detection } = argsOf("warp", args);
        return this.warp(image, detection as EngineDetection);
      }
      case "estimateMask":
        return this.estimateMask(argsOf("estimateMask", args).warp);
      default:
        throw new LunaError(Errors.BadInputData, `unknown engine operation '${operation}'`);
    }
  }

  private decode(bytes: Uint8Array) {
    return this.codec.decode(bytes, "image", DEFAULT_PIPELINE_OPTIONS.limits);
  }

  private async detect(bytes: Uint8Array, area: BoundingBox | null): Promise<EngineDetection[]> {
    const image = await this.decode(bytes);
    // As /sdk does: a whole-image search keeps only the boxes that pass the face check (faceCheck.ts).
    const found = area
      ? [await redetectFace(this.models, image, area)]
          .filter((f) => f !== null)
          .map((face) => ({ face, landmarks68: null }))
      : (
          await Promise.all((await detectFaces(this.models, image)).map((f) => checkFace(this.models, image, f)))
        ).filter((c) => c.isFace);
    const out: EngineDetection[] = [];
    for (const { face, landmarks68 } of found) {
      const landmarks5 = landmarks5From68(landmarks68 ?? (await estimateLandmarks68(this.models, image, face.rect)));
      const r = face.rect;
      out.push({
        rect: { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) },
        score: face.score,
        landmarks5: landmarks5.map(([x, y]) => [x, y]),
      });
    }
    return out;
  }

  private async warp(bytes: Uint8Array, detection: EngineDetection): Promise<EngineWarp> {
    const image = await this.decode(bytes);
    const points = detection.landmarks5 as unknown as Parameters<typeof warpToArcFace>[1];
    return { jpeg: await this.codec.encodeJpeg(warpToArcFace(image, points).image, 95) };
  }

  private loadMask(): Promise<UserModel> {
    this.mask ??= (async () => {
      const [manifestBytes, bytes] = await Promise.all([
        this.readLambdaFile("models/mask.json"),
        this.readLambdaFile("models/mask.onnx"),
      ]);
      if (!manifestBytes || !bytes) throw new LunaError(Errors.ModelNotAvailable, MASK_HELP);
      let manifest: unknown;
      try {
        manifest = JSON.parse(new TextDecoder().decode(manifestBytes));
      } catch {
        throw new LunaError(Errors.ModelNotAvailable, "models/mask.json is not JSON");
      }
      const parsed = userClassifierManifestSchema.safeParse({ file: "mask.onnx", ...(manifest as object) });
      if (!parsed.success)
        throw new LunaError(
          Errors.ModelNotAvailable,
          `models/mask.json is not a valid manifest: ${parsed.error.issues[0]!.message}`,
        );
      const session = await this.models.backend.createSession(bytes);
      return { manifest: parsed.data, session: new SerialSession(session) };
    })();
    this.mask.catch(() => (this.mask = null));
    return this.mask;
  }

  private async estimateMask(warp: EngineWarp) {
    const model = await this.loadMask();
    const image = await this.decode(warp.jpeg);
    return estimateMask(this.models, image, { x: 0, y: 0, width: image.width, height: image.height }, image, model);
  }

  async dispose(): Promise<void> {
    const mask = await this.mask?.catch(() => null);
    await mask?.session.dispose();
  }
}
