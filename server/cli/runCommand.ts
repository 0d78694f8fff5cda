/**
 * `run <dir|zip> --request req.msgpack | --image a.jpg …`: one request through the lambda, sandboxed
 * as the lambda service runs it, against the given Luna services or embedded ones started for the
 * call. Prints the reply.
 */
import { readFileSync } from "node:fs";
import { basename, extname } from "node:path";
import type { LambdaArchive } from "../../shared/lambda/archive.ts";
import type { LambdaReply } from "../../shared/lambda/invoke.ts";
import { encodeHandlersRequest } from "../../shared/lambda/requestBuilder.ts";
import type { ServerConfig } from "../config.ts";
import { createLogger, type Logger } from "../logger.ts";
import { loadSandboxedLambda } from "../standaloneLambda.ts";
import { withLunaServices } from "./lunaServices.ts";

export interface LambdaCall {
  body: Uint8Array;
  contentType: string;
  headers: Record<string, string>;
}

/** The request body: a saved request file (.msgpack or .json), or image files made into a handlers request. */
export function lambdaCallFromFiles(requestFile: string | null, images: string[], accountId: string): LambdaCall {
  const headers = { "luna-account-id": accountId };
  if (requestFile) {
    const contentType = extname(requestFile) === ".json" ? "application/json" : "application/msgpack";
    return { body: new Uint8Array(readFileSync(requestFile)), contentType, headers };
  }
  const body = encodeHandlersRequest(
    images.map((path) => ({ filename: basename(path), body: new Uint8Array(readFileSync(path)) })),
  );
  return { body, contentType: "application/msgpack", headers };
}

/** Runs each call in order through one sandboxed lambda process; replies in the same order. */
export async function runLambdaCalls(
  source: string | LambdaArchive,
  calls: LambdaCall[],
  servicesOrigin: string | null,
  config: ServerConfig,
  options: { onReply?: (done: number) => void; logger?: Logger } = {},
): Promise<LambdaReply[]> {
  return withLunaServices(servicesOrigin, config, async (services) => {
    const lambda = await loadSandboxedLambda({
      source,
      servicesOrigin: services.origin,
      servicesToken: services.token,
      timeoutMs: config.lambdaTimeoutMs,
      memoryMb: config.lambdaMemoryMb,
      maxBodyBytes: config.maxBodyBytes,
      allowedHosts: config.lambdaAllowedHosts,
      modelsDir: config.modelsDir,
      logger: options.logger ?? createLogger("error"),
    });
    try {
      const replies: LambdaReply[] = [];
      for (const call of calls) {
        replies.push(
          await lambda.invoke({
            method: "POST",
            headers: { ...call.headers, "content-type": call.contentType },
            query: {},
            body: call.body,
            requestId: `${Math.floor(Date.now() / 1000)},${crypto.randomUUID()}`,
          }),
        );
        options.onReply?.(replies.length);
      }
      return replies;
    } finally {
      await lambda.close();
    }
  });
}
