/**
 * Parses untrusted input with a zod schema and turns failures into the Luna validation errors
 * (12022 for JSON bodies, 12047 for msgpack, 12031 for query strings), naming the failing path.
 */
import type { z } from "zod";
import { Errors, LunaError, type ErrorSpec } from "./errors.ts";

export type InputKind = "json" | "msgpack" | "query";

const specByKind: Record<InputKind, ErrorSpec> = {
  json: Errors.BadInputJson,
  msgpack: Errors.BadInputMsgpack,
  query: Errors.BadInputData,
};

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
}

export function parseInput<S extends z.ZodType>(schema: S, value: unknown, kind: InputKind): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys.map((k) => formatIssuePath([...issue.path, k]));
    const message = `unknown field(s): ${keys.join(", ")}`;
    if (kind === "query") throw new LunaError(specByKind.query, `Unknown query parameter(s): ${keys.join(", ")}`);
    throw new LunaError(specByKind[kind], keys[0]!, message);
  }
  const path = formatIssuePath(issue.path);
  if (kind === "query") {
    throw new LunaError(specByKind.query, `Bad query parameter '${path || "(root)"}': ${issue.message}`);
  }
  throw new LunaError(specByKind[kind], path || "(root)", issue.message);
}
