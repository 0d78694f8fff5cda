/**
 * Messages between the server and a sandboxed lambda process (msgpack frames, frameChannel.ts).
 * Whatever the lambda process sends is untrusted: the server parses it with `runnerMessageSchema`
 * and stops a process that sends anything else.
 */
import { z } from "zod";
import type { LogRecord } from "../../shared/lambda/logger.ts";
import type { IncomingLambdaRequest } from "../../shared/lambda/request.ts";

/** A Python lambda's blocking channel for synchronous engine calls (syncEngineChannel.ts); fd 3 is the main channel. */
export const SYNC_ENGINE_FD = 4;

/** The raw request, as the lambda's request object receives it. */
export type SerializedRequest = IncomingLambdaRequest;

export interface EngineFailure {
  status: number;
  error_code: number;
  desc: string;
  detail: string;
}

/** An HTTP request a lambda makes; the server forwards it only to allowed addresses (lambdaEgress.ts). */
export interface EgressRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | null;
  timeoutMs: number;
}

export interface EgressResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export type ServerMessage =
  | { kind: "load" }
  /** `path`: below the lambda's root ("/main", a route, "/healthcheck", "/metrics", "/docs/spec"). */
  | { kind: "invoke"; id: number; request: SerializedRequest & { path: string } }
  | { kind: "engineReply"; id: number; result: unknown }
  | { kind: "engineError"; id: number; error: EngineFailure }
  | { kind: "fetchReply"; id: number; response: EgressResponse }
  | { kind: "fetchError"; id: number; message: string };

const id = z.number().int().nonnegative();
const bytes = z.instanceof(Uint8Array);

export const logRecordSchema = z.object({
  time: z.string().max(64),
  level: z.enum(["DEBUG", "INFO", "WARNING", "ERROR"]),
  requestId: z.string().max(256).nullable(),
  message: z.string(),
}) satisfies z.ZodType<LogRecord>;

export const runnerMessageSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ready") }),
  z.object({ kind: z.literal("startFailed"), message: z.string() }),
  z.object({ kind: z.literal("log"), record: logRecordSchema }),
  z.object({
    kind: z.literal("reply"),
    id,
    status: z.number().int().min(100).max(599),
    body: z.unknown(),
    contentType: z.string().max(128).optional(),
    headers: z.record(z.string().max(64), z.string().max(1024)).optional(),
  }),
  z.object({ kind: z.literal("engine"), id, operation: z.string().max(64), args: z.record(z.string(), z.unknown()) }),
  z.object({
    kind: z.literal("fetch"),
    id,
    request: z.object({
      url: z.string().max(8192),
      method: z.string().max(16),
      headers: z.record(z.string().max(256), z.string().max(8192)),
      body: bytes.nullable(),
      timeoutMs: z.number().positive(),
    }),
  }),
]);

export type RunnerMessage = z.infer<typeof runnerMessageSchema>;
