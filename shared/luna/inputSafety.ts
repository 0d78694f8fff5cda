/**
 * Checks every decoded JSON/msgpack body before any schema or store sees it: no string (value or
 * key) holds a NUL or a lone UTF-16 surrogate (neither can be stored in PostgreSQL text/jsonb),
 * and nothing nests deeper than a body ever needs. The walk is iterative, so a 10,000-deep body is
 * refused without recursion. Free-form fields (event meta, location, Sender events …) get their
 * own, tighter limit through `freeFormJson` so whatever is stored can be read back in any format
 * (msgpack's encoder stops at depth 100).
 */
import type { z } from "zod";
import { Errors, LunaError } from "./errors.ts";
import type { InputKind } from "./validate.ts";
import { formatIssuePath } from "./validate.ts";

/** Nesting allowed inside one free-form field. */
export const MAX_FREE_FORM_DEPTH = 32;
/** Nesting allowed in a whole body: the schemas' own levels plus one free-form field. */
export const MAX_BODY_DEPTH = MAX_FREE_FORM_DEPTH + 16;

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a string for storage, or null. */
export function badStringReason(text: string): string | null {
  if (text.includes("\u0000")) return "must not contain NUL (\\u0000)";
  // isWellFormed (ES2024) is a fast native scan; the regex is for older runtimes.
  const wellFormed = (text as { isWellFormed?: () => boolean }).isWellFormed?.() ?? !LONE_SURROGATE.test(text);
  if (!wellFormed) return "must not contain a lone UTF-16 surrogate";
  return null;
}

function failure(kind: InputKind, path: PropertyKey[], message: string): LunaError {
  const at = formatIssuePath(path) || "(root)";
  if (kind === "query") return new LunaError(Errors.BadInputData, `Bad query parameter '${at}': ${message}`);
  return new LunaError(kind === "json" ? Errors.BadInputJson : Errors.BadInputMsgpack, at, message);
}

/** Throws the Luna validation error (12022 / 12047 / 12031) naming the first bad path. */
export function checkInputValue(value: unknown, kind: InputKind, maxDepth = MAX_BODY_DEPTH): void {
  const stack: { value: unknown; path: PropertyKey[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: item, path } = stack.pop()!;
    if (typeof item === "string") {
      const reason = badStringReason(item);
      if (reason) throw failure(kind, path, reason);
      continue;
    }
    if (item === null || typeof item !== "object" || item instanceof Uint8Array) continue;
    if (path.length >= maxDepth) throw failure(kind, path, `nested deeper than ${maxDepth} levels`);
    if (Array.isArray(item)) {
      item.forEach((child, i) => stack.push({ value: child, path: [...path, i] }));
      continue;
    }
    for (const [key, child] of Object.entries(item)) {
      const reason = badStringReason(key);
      if (reason) throw failure(kind, [...path, key], `key ${reason}`);
      stack.push({ value: child, path: [...path, key] });
    }
  }
}

/** Depth of a JSON-like value (a scalar is 0, `{}` or `[]` is 1); stops counting past `limit`. */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (item === null || typeof item !== "object" || item instanceof Uint8Array) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** A free-form field (meta, location, published events): any JSON value up to MAX_FREE_FORM_DEPTH deep. */
export function freeFormJson<S extends z.ZodType>(schema: S): S {
  return schema.refine((value) => nestingDepth(value, MAX_FREE_FORM_DEPTH) <= MAX_FREE_FORM_DEPTH, {
    message: `nested deeper than ${MAX_FREE_FORM_DEPTH} levels`,
  }) as unknown as S;
}
