/**
 * Two replies compared leaf by leaf (JSON paths such as `images[0].emotions.predominant`): numbers
 * count as equal within a tolerance relative to their size (|a − b| ≤ tol × max(1, |a|, |b|)), so
 * Server (onnxruntime-node) and Browser · WASM replies of one request line up although their
 * floats differ in the last digits.
 */
import { withBase64Bytes } from "../../shared/luna/schemas/common.ts";

export type DiffKind = "same" | "close" | "differs" | "onlyLeft" | "onlyRight";

export interface DiffRow {
  path: string;
  left: unknown;
  right: unknown;
  kind: DiffKind;
}

const ABSENT = Symbol("absent");

function leaves(value: unknown, path: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v] as const) : Object.entries(value);
    if (entries.length === 0) out.set(path || "(root)", Array.isArray(value) ? [] : {});
    for (const [key, child] of entries)
      leaves(child, key.startsWith("[") ? `${path}${key}` : path ? `${path}.${key}` : key, out);
  } else out.set(path || "(root)", value);
  return out;
}

function compareLeaf(left: unknown, right: unknown, tolerance: number): DiffKind {
  if (left === ABSENT) return "onlyRight";
  if (right === ABSENT) return "onlyLeft";
  if (typeof left === "number" && typeof right === "number") {
    if (left === right) return "same";
    return Math.abs(left - right) <= tolerance * Math.max(1, Math.abs(left), Math.abs(right)) ? "close" : "differs";
  }
  return JSON.stringify(left) === JSON.stringify(right) ? "same" : "differs";
}

export function diffReplies(left: unknown, right: unknown, tolerance: number): DiffRow[] {
  const a = leaves(withBase64Bytes(left), "", new Map());
  const b = leaves(withBase64Bytes(right), "", new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths.map((path) => {
    const l = a.has(path) ? a.get(path) : ABSENT;
    const r = b.has(path) ? b.get(path) : ABSENT;
    return {
      path,
      left: l === ABSENT ? undefined : l,
      right: r === ABSENT ? undefined : r,
      kind: compareLeaf(l, r, tolerance),
    };
  });
}

/** True when nothing differs beyond the tolerance. */
export function repliesAgree(rows: readonly DiffRow[]): boolean {
  return rows.every((r) => r.kind === "same" || r.kind === "close");
}
