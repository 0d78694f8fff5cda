/**
 * Saved test requests, one layout wherever they are kept (a server lambda's folder, an exported
 * project's requests/, an uploaded zip): <name>.msgpack (or .json for standalone lambdas), the reply
 * it got in <name>.reply.json, its headers in <name>.headers.json and its query string in
 * <name>.query.json. One writer and one validating reader, so every place reads what the others write.
 */
import { z } from "zod";
import { savedHeadersSchema, savedQuerySchema } from "../luna/schemas/lambdas.ts";
import { formatIssuePath } from "../luna/validate.ts";

/** A saved test request and the reply it got. */
export interface ExportedRequest {
  name: string;
  body: Uint8Array;
  /** Headers it was sent with (luna-account-id …, x-…). */
  headers: Record<string, string>;
  /** Its query string (none when absent). */
  query?: Record<string, string>;
  reply: { status: number; body: unknown } | null;
}

/** Request headers worth keeping with a saved request: Luna's own (account, handler, event times) and x-… ones. */
export function savedRequestHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => /^(luna|x)-/i.test(name) && !/^x-forwarded-/i.test(name))
      .map(([n, v]) => [n.toLowerCase(), v]),
  );
}

const savedReplySchema = z.strictObject({ status: z.number().int().min(100).max(599), body: z.unknown() });

/** "run-1.msgpack" → {name: "run-1", extension: "msgpack"}; null for replies, headers and anything else. */
export function savedRequestFile(file: string): { name: string; extension: "msgpack" | "json" } | null {
  const match = /^([^/]+)\.(msgpack|json)$/.exec(file);
  if (!match || /\.(reply|headers|query)\.json$/.test(file)) return null;
  return { name: match[1]!, extension: match[2] as "msgpack" | "json" };
}

/** The files of one saved request, by file name inside the requests folder. */
export function savedRequestEntries(
  request: ExportedRequest,
  extension: "msgpack" | "json",
): Record<string, Uint8Array> {
  const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
  return {
    [`${request.name}.${extension}`]: request.body,
    ...(request.reply ? { [`${request.name}.reply.json`]: json(request.reply) } : {}),
    ...(Object.keys(request.headers).length ? { [`${request.name}.headers.json`]: json(request.headers) } : {}),
    ...(request.query && Object.keys(request.query).length
      ? { [`${request.name}.query.json`]: json(request.query) }
      : {}),
  };
}

function parseJsonFile<T>(file: string, bytes: Uint8Array, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new Error(`${file} is not JSON`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `${file}: ${formatIssuePath(parsed.error.issues[0]!.path) || "(root)"}: ${parsed.error.issues[0]!.message}`,
    );
  return parsed.data;
}

/**
 * The saved requests among a folder's files (file name → bytes), sorted by name. A reply or
 * headers file that does not validate throws, naming it (`prefix` + file name).
 */
export function readSavedRequestEntries(entries: Record<string, Uint8Array>, prefix = ""): ExportedRequest[] {
  const requests: ExportedRequest[] = [];
  for (const file of Object.keys(entries).sort()) {
    const saved = savedRequestFile(file);
    if (!saved) continue;
    const replyFile = `${saved.name}.reply.json`;
    const headersFile = `${saved.name}.headers.json`;
    const queryFile = `${saved.name}.query.json`;
    const reply = entries[replyFile] ? parseJsonFile(prefix + replyFile, entries[replyFile], savedReplySchema) : null;
    requests.push({
      name: saved.name,
      body: entries[file]!,
      headers: entries[headersFile]
        ? parseJsonFile(prefix + headersFile, entries[headersFile], savedHeadersSchema)
        : {},
      query: entries[queryFile] ? parseJsonFile(prefix + queryFile, entries[queryFile], savedQuerySchema) : {},
      reply: reply ? { status: reply.status, body: reply.body ?? null } : null,
    });
  }
  return requests;
}
