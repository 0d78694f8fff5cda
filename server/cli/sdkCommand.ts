/**
 * `sdk <image…> --estimate a,b,…`: the Remote SDK on the command line — the same pipeline and reply
 * as POST /luna-remote-sdk/1/sdk, printed as JSON (bytes base64), without starting a server.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { ModelRegistry } from "../../shared/inference/modelRegistry.ts";
import { DEFAULT_PIPELINE_OPTIONS, FacePipeline } from "../../shared/inference/pipeline.ts";
import { sdkFlagsForQuery } from "../../shared/inference/sdkRequest.ts";
import { withBase64Bytes } from "../../shared/luna/schemas/common.ts";
import { sdkQuerySchema, type SdkFlags } from "../../shared/luna/schemas/sdk.ts";
import { parseInput } from "../../shared/luna/validate.ts";
import type { ServerConfig } from "../config.ts";
import { createFsModelSource } from "../runtime/fsModelSource.ts";
import { createOrtNodeBackend } from "../runtime/ortNode.ts";
import { createSharpCodec } from "../runtime/sharpCodec.ts";

/** "emotions,landmarks5" → /sdk flags, validated as the /sdk query is (unknown names: 12031, no model: 95020). */
export function sdkFlagsFromEstimates(list: string): SdkFlags {
  const names = list
    .split(",")
    .map((n) => n.trim())
    .filter(Boolean);
  const query = Object.fromEntries(
    names.map((n) => [n.startsWith("estimate_") || n.startsWith("detect_") ? n : `estimate_${n}`, "1"]),
  );
  return sdkFlagsForQuery(parseInput(sdkQuerySchema, query, "query"));
}

export async function runSdkCommand(images: string[], flags: SdkFlags, config: ServerConfig): Promise<string> {
  const models = new ModelRegistry(
    createOrtNodeBackend({ intraOpThreads: config.ortThreads }),
    createFsModelSource(config.modelsDir),
  );
  try {
    const pipeline = new FacePipeline(models, createSharpCodec(), {
      ...DEFAULT_PIPELINE_OPTIONS,
      limits: { maxPixels: config.maxImagePixels },
    });
    const inputs = await Promise.all(
      images.map(async (path) => ({ filename: basename(path), body: new Uint8Array(await readFile(path)) })),
    );
    const result = await pipeline.estimate(inputs, flags);
    return JSON.stringify(withBase64Bytes(result.reply), null, 2);
  } finally {
    await models.dispose();
  }
}
