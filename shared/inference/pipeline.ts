/**
 * estimate(images, flags) → the Luna `/sdk` reply. Runs only the stages the flags need and records
 * per-stage wall time, so callers (the /sdk route, the playground's timing bar, the bench) can see
 * where time goes.
 */
import { Errors, LunaError, successBody, type LunaErrorBody } from "../luna/errors.ts";
import type { SdkFlags } from "../luna/schemas/sdk.ts";
import { warpToArcFace } from "./align.ts";
import { DEFAULT_DETECT_OPTIONS, detectFaces, redetectFace, type DetectOptions, type FaceDetection } from "./detect.ts";
import type { FaceInput } from "./estimator.ts";
import { estimators, type AnyEstimator, type EstimatorStage, type FaceAttributes } from "./estimators.ts";
import type { Rect, RgbImage } from "./image.ts";
import type { DecodeLimits, ImageCodec } from "./imageCodec.ts";
import { estimateLandmarks68, landmarks5From68, type Landmarks68 } from "./landmarks.ts";
import { LOCAL_MODEL_OWNER, type ModelRegistry, type UserModel, type UserModelOwner } from "./modelRegistry.ts";
import { checkFace, type CheckedFace } from "./faceCheck.ts";
import { facePlan, type FacePlan } from "./facePlan.ts";
import { checkRequestCost, type RequestCostLimits } from "./requestCost.ts";

export interface PipelineImage {
  filename: string;
  /** Encoded bytes, or an already decoded image (the browser decodes once for the stage). */
  body: Uint8Array | RgbImage;
  /** Caller-given face areas: detection runs only inside them, one face per area. */
  faceAreas?: Rect[];
}

/** Per-request timing stages: the core's, each estimator's (list order), then the warp's JPEG encoding. */
export const stageNames = [
  "decode",
  "detect",
  "landmarks",
  "warp",
  ...estimators.map((e) => e.stage),
  "encode",
] as const;
export type StageName = "decode" | "detect" | "landmarks" | "warp" | EstimatorStage | "encode";
export type StageTimings = Record<StageName, number>;

export interface FaceEstimation {
  face: {
    detection: {
      rect: { x: number; y: number; width: number; height: number };
      score: number;
      landmarks5?: [number, number][];
      landmarks68?: [number, number][];
      /** 112×112 JPEG. */
      warp?: Uint8Array;
      attributes: FaceAttributes;
    };
  };
}

export interface ImageEstimations {
  filename: string;
  status: 0 | 1;
  error: LunaErrorBody;
  estimations: FaceEstimation[];
}

export interface EstimateResult {
  reply: { images_estimations: ImageEstimations[] };
  timings: StageTimings;
  backend: string;
}

export interface PipelineOptions {
  detect: DetectOptions;
  limits: DecodeLimits;
  /** Per-request cost limits (the server's public /sdk); none in the browser, where the user pays. */
  cost?: RequestCostLimits;
  /**
   * The second-stage face check on detected boxes (`faceCheck.ts`): a box counts only when the
   * descriptor model sees a face in it. It runs landmarks, warp and descriptor on every box (reused
   * by the estimators), so a detection-only request also loads those two models. Not applied to
   * caller-given face areas. Default on.
   */
  faceCheck?: boolean;
}

export const DEFAULT_PIPELINE_OPTIONS: PipelineOptions = {
  detect: DEFAULT_DETECT_OPTIONS,
  limits: { maxPixels: 40_000_000 },
  faceCheck: true,
};

function isDecoded(body: Uint8Array | RgbImage): body is RgbImage {
  return !(body instanceof Uint8Array);
}

function roundRect(r: Rect): FaceEstimation["face"]["detection"]["rect"] {
  const x = Math.round(r.x);
  const y = Math.round(r.y);
  return { x, y, width: Math.round(r.x + r.width) - x, height: Math.round(r.y + r.height) - y };
}

const roundPoints = (points: readonly (readonly [number, number])[]): [number, number][] =>
  points.map(([x, y]) => [Math.round(x), Math.round(y)]);

export class FacePipeline {
  constructor(
    readonly models: ModelRegistry,
    readonly codec: ImageCodec,
    readonly options: PipelineOptions = DEFAULT_PIPELINE_OPTIONS,
  ) {}

  /** `owner`: whose user models (the mask classifier) answer; the server passes the caller's account. */
  async estimate(
    images: readonly PipelineImage[],
    flags: SdkFlags,
    owner: UserModelOwner = LOCAL_MODEL_OWNER,
  ): Promise<EstimateResult> {
    const faceCheck = this.options.faceCheck ?? true;
    const plan = facePlan(flags, faceCheck);
    const userModels = new Map<string, UserModel | undefined>();
    for (const e of plan.estimators) {
      if (!e.userModel) continue;
      const model = this.models.userModel(e.userModel.kind, owner);
      if (!model) throw new LunaError(Errors.ModelNotAvailable, e.userModel.missing);
      userModels.set(e.userModel.kind, model);
    }
    if (this.options.cost) await checkRequestCost(images, this.codec, this.options.cost);
    // Only the models these flags need, all at once, while the first image decodes. Waiting for them
    // is no stage of its own: the stage timings stay inference, load time is the registry's figure.
    const modelsReady = this.models.require(plan.models);
    modelsReady.catch(() => undefined); // awaited below; a decode failure must not leave it unobserved
    const timings = Object.fromEntries(stageNames.map((s) => [s, 0])) as StageTimings;
    const time = async <T>(stage: StageName, work: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      try {
        return await work();
      } finally {
        timings[stage] += performance.now() - started;
      }
    };

    const results: ImageEstimations[] = [];
    for (const input of images) {
      try {
        const image = isDecoded(input.body)
          ? input.body
          : await time("decode", () =>
              this.codec.decode(input.body as Uint8Array, input.filename, this.options.limits),
            );
        await modelsReady;
        let faces = await time("detect", () => this.findFaces(image, input.faceAreas));
        const checked = new Map<FaceDetection, CheckedFace>();
        if (faceCheck && !input.faceAreas?.length) {
          // The check's descriptor is the descriptor stage's work when the reply asks for one,
          // otherwise part of detection.
          const descriptorStage = flags.estimateFaceDescriptor ? "descriptor" : "detect";
          for (const face of faces) {
            const c = await checkFace(this.models, image, face, (stage, work) =>
              time(stage === "descriptor" ? descriptorStage : stage, work),
            );
            if (c.isFace) checked.set(face, c);
          }
          faces = faces.filter((f) => checked.has(f));
        }
        const chosen = this.applyMultifacePolicy(faces, flags.multifacePolicy, input.filename);
        const estimations: FaceEstimation[] = [];
        for (const face of chosen)
          estimations.push(
            await this.estimateFace(image, face, flags, plan, time, userModels, checked.get(face) ?? null),
          );
        results.push({ filename: input.filename, status: 1, error: successBody(), estimations });
      } catch (error) {
        // A broken image fails only its own entry; anything that is not an input problem propagates.
        if (!(error instanceof LunaError) || error.status >= 500) throw error;
        results.push({ filename: input.filename, status: 0, error: error.toBody(), estimations: [] });
      }
    }
    return { reply: { images_estimations: results }, timings, backend: this.models.backend.name };
  }

  private async findFaces(image: RgbImage, areas: Rect[] | undefined): Promise<FaceDetection[]> {
    if (!areas || areas.length === 0) return detectFaces(this.models, image, this.options.detect);
    const found: FaceDetection[] = [];
    for (const area of areas) {
      const face = await redetectFace(this.models, image, area, this.options.detect);
      if (face) found.push(face);
    }
    return found;
  }

  private applyMultifacePolicy(faces: FaceDetection[], policy: 0 | 1 | 2, filename: string): FaceDetection[] {
    if (policy === 0 && faces.length > 1) throw new LunaError(Errors.MultipleFacesFound, filename, faces.length);
    if (policy === 2 && faces.length > 1) {
      // "Best" = the largest face: in group photos every score is ≈0.99, size is what separates them.
      return [faces.reduce((a, b) => (b.rect.width * b.rect.height > a.rect.width * a.rect.height ? b : a))];
    }
    return faces;
  }

  private async estimateFace(
    image: RgbImage,
    face: FaceDetection,
    flags: SdkFlags,
    plan: FacePlan,
    time: <T>(stage: StageName, work: () => Promise<T>) => Promise<T>,
    userModels: ReadonlyMap<string, UserModel | undefined>,
    checked: CheckedFace | null,
  ): Promise<FaceEstimation> {
    const box = face.rect;
    const detection: FaceEstimation["face"]["detection"] = { rect: roundRect(box), score: face.score, attributes: {} };

    let landmarks68: Landmarks68 | null = checked?.landmarks68 ?? null;
    if (plan.landmarks68 && !landmarks68)
      landmarks68 = await time("landmarks", () => estimateLandmarks68(this.models, image, box));
    const landmarks5 = landmarks68 ? landmarks5From68(landmarks68) : null;
    if (flags.estimateLandmarks5 && landmarks5) detection.landmarks5 = roundPoints(landmarks5);
    if (flags.estimateLandmarks68 && landmarks68) detection.landmarks68 = roundPoints(landmarks68);

    let warp: RgbImage | null = checked?.warp ?? null;
    if (plan.warp && landmarks5 && !warp) warp = await time("warp", async () => warpToArcFace(image, landmarks5).image);
    // The warp's JPEG is encoded off the JS thread (sharp's pool, the browser's canvas) while the
    // estimators run; the "encode" stage is the wait for it after them (usually none).
    const warpJpeg = flags.estimateFaceWarp && warp ? this.codec.encodeJpeg(warp, 95) : null;
    warpJpeg?.catch(() => undefined); // awaited below; an estimator's failure must not leave it unobserved
    for (const estimator of plan.estimators) {
      const input: FaceInput = {
        models: this.models,
        image,
        box,
        landmarks68,
        warp,
        descriptor: checked?.descriptor ?? null,
        userModel: estimator.userModel ? userModels.get(estimator.userModel.kind) : undefined,
      };
      setAttribute(
        detection.attributes,
        estimator,
        await time<unknown>(estimator.stage, () => estimator.estimate(input)),
      );
    }
    if (warpJpeg) detection.warp = await time("encode", () => warpJpeg);
    return { face: { detection } };
  }
}

/** Puts an estimator's value under its reply key (the key and the value's type come from the same estimator). */
function setAttribute(attributes: FaceAttributes, estimator: AnyEstimator, value: unknown): void {
  (attributes as Record<string, unknown>)[estimator.replyKey] = value;
}
