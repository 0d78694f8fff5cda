/** Reading raw request bodies with a byte limit, and answering in JSON or msgpack as asked. */
import { encode } from "@msgpack/msgpack";
import type { Request, Response } from "express";
import { Errors, LunaError } from "../../shared/luna/errors.ts";
import { bytesToBase64 } from "../../shared/luna/schemas/common.ts";

export async function readRawBody(req: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(req.header("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw new LunaError(Errors.PayloadTooLarge, limit);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) throw new LunaError(Errors.PayloadTooLarge, limit);
    chunks.push(chunk);
  }
  const all = Buffer.concat(chunks);
  return new Uint8Array(all.buffer, all.byteOffset, all.byteLength);
}

/** The media type without parameters, lower-case ("" when absent). */
export function mediaType(req: Request): string {
  return (req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

/** JSON has no bytes: binary fields go out as base64 strings, as Luna's JSON replies carry them. */
export function toJsonSafe(value: unknown): unknown {
  if (value instanceof Uint8Array) return bytesToBase64(value);
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSafe(v)]));
  }
  return value;
}

export function wantsMsgpack(req: Request): boolean {
  return /application\/(x-)?msgpack/i.test(req.header("accept") ?? "");
}

export function sendReply(req: Request, res: Response, status: number, body: unknown): void {
  if (wantsMsgpack(req)) {
    const bytes = encode(body, { ignoreUndefined: true });
    res.status(status).type("application/msgpack").send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } else {
    res.status(status).json(toJsonSafe(body));
  }
}
