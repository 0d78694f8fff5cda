/** Reading raw request bodies with a byte limit, and answering in JSON or msgpack as asked. */
import { decode, encode } from "@msgpack/msgpack";
import type { Request, Response } from "express";
import type { z } from "zod";
import { Errors, LunaError } from "../../shared/luna/errors.ts";
import { withBase64Bytes } from "../../shared/luna/schemas/common.ts";
import { checkInputValue } from "../../shared/luna/inputSafety.ts";
import { parseInput } from "../../shared/luna/validate.ts";

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

export function wantsMsgpack(req: Request): boolean {
  return /application\/(x-)?msgpack/i.test(req.header("accept") ?? "");
}

export function sendReply(req: Request, res: Response, status: number, body: unknown): void {
  if (wantsMsgpack(req)) {
    const bytes = encode(body, { ignoreUndefined: true });
    res
      .status(status)
      .type("application/msgpack")
      .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } else {
    res.status(status).json(withBase64Bytes(body));
  }
}

export type StructuredKind = "json" | "msgpack";

/** application/json or application/msgpack body → value, with Luna's errors for each failure. */
export async function readStructuredBody(
  req: Request,
  limit: number,
): Promise<{ kind: StructuredKind; value: unknown }> {
  const type = mediaType(req);
  const kind: StructuredKind | null =
    type === "application/json"
      ? "json"
      : type === "application/msgpack" || type === "application/x-msgpack"
        ? "msgpack"
        : null;
  if (!kind) {
    if (type === "") throw new LunaError(Errors.BadContentType);
    throw new LunaError(Errors.UnacceptableContentType, "application/json, application/msgpack");
  }
  const raw = await readRawBody(req, limit);
  if (raw.length === 0) throw new LunaError(Errors.EmptyBody);
  let value: unknown;
  try {
    value = kind === "json" ? JSON.parse(new TextDecoder().decode(raw)) : decode(raw);
  } catch {
    throw kind === "json"
      ? new LunaError(Errors.RequestNotContainsJson)
      : new LunaError(Errors.BadInputMsgpack, "(root)", "body is not valid msgpack");
  }
  checkInputValue(value, kind);
  return { kind, value };
}

/** Reads and validates a JSON/msgpack body against a schema (12022 / 12047 naming the failing path). */
export async function parseBody<S extends z.ZodType>(req: Request, schema: S, limit: number): Promise<z.output<S>> {
  const { kind, value } = await readStructuredBody(req, limit);
  return parseInput(schema, value, kind);
}
