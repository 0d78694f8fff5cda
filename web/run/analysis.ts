/**
 * The overlay pass: what the inference core sees in each image (boxes, 5/68 landmarks, head pose,
 * eyes, warps, descriptors, mask when a mask model is present) on the chosen target, drawn over the
 * stage. "Detect" uses it to fill boxes; every run refreshes it. Server replies come as msgpack, so
 * both targets hand the same shapes (bytes as Uint8Array) to the page.
 */
import { decode, encode } from "@msgpack/msgpack";
import { z } from "zod";
import type { ImageEstimations, StageTimings } from "../../shared/inference/pipeline.ts";
import { lunaErrorBodySchema } from "../../shared/luna/schemas/error.ts";
import { defaultSdkFlags, sdkQueryFromFlags, type SdkFlags } from "../../shared/luna/schemas/sdk.ts";
import type { InferenceClient } from "../runtime/inferenceClient.ts";
import type { RunTarget } from "../state/projectStore.ts";
import { accountId } from "../api/lambdaService.ts";

export const overlayFlags = (withMask: boolean): SdkFlags => ({
  ...defaultSdkFlags,
  estimateLandmarks5: true,
  estimateLandmarks68: true,
  estimateFaceWarp: true,
  estimateFaceDescriptor: true,
  estimateHeadPose: true,
  estimateEyesAttributes: true,
  estimateMask: withMask,
});

export interface Analysis {
  images: ImageEstimations[];
  backend: string;
  fallbackReason: string | null;
  /** Model load time paid by this call (browser, first call per target). */
  loadMs: number;
  timings: Partial<StageTimings>;
}

function parseServerTiming(header: string): Partial<StageTimings> {
  const timings: Partial<Record<string, number>> = {};
  for (const part of header.split(",")) {
    const match = part.trim().match(/^(\w+);dur=([\d.]+)$/);
    if (match) timings[match[1]!] = Number(match[2]);
  }
  return timings as Partial<StageTimings>;
}

const serverReplySchema = z.object({
  images_estimations: z.array(z.custom<ImageEstimations>((v) => typeof v === "object" && v !== null)),
});

export async function analyseImages(
  target: RunTarget,
  images: { filename: string; body: Uint8Array }[],
  options: { inference: InferenceClient; withMask: boolean },
): Promise<Analysis> {
  const flags = overlayFlags(options.withMask);
  if (target !== "server") {
    const result = await options.inference.estimate(target, images, flags);
    return {
      images: result.result.reply.images_estimations,
      backend: result.backend,
      fallbackReason: result.fallbackReason,
      loadMs: result.loadMs,
      timings: result.result.timings,
    };
  }
  const query = new URLSearchParams(sdkQueryFromFlags(flags));
  const response = await fetch(`/luna-remote-sdk/1/sdk?${query}`, {
    method: "POST",
    // The account header: the server answers estimate_mask with this account's mask model only.
    headers: { "content-type": "application/msgpack", accept: "application/msgpack", "Luna-Account-Id": accountId() },
    body: encode({ images }) as Uint8Array<ArrayBuffer>,
  });
  const value = decode(new Uint8Array(await response.arrayBuffer()));
  if (!response.ok) {
    const error = lunaErrorBodySchema.safeParse(value);
    throw new Error(error.success ? `${error.data.error_code}: ${error.data.detail}` : `HTTP ${response.status}`);
  }
  return {
    images: serverReplySchema.parse(value).images_estimations,
    backend: response.headers.get("inference-backend") ?? "onnxruntime-node",
    fallbackReason: null,
    loadMs: 0,
    timings: parseServerTiming(response.headers.get("server-timing") ?? ""),
  };
}
