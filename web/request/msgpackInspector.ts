/**
 * What the request panel's msgpack inspector shows of an encoded body: its size, its first bytes
 * as hex, and the decoded tree with every byte string (the images) shown as "<N bytes>" so the
 * structure stays readable.
 */
import { decode } from "@msgpack/msgpack";

export interface MsgpackView {
  size: number;
  /** The first bytes, two hex digits each, space-separated. */
  hex: string;
  /** The decoded value, bytes replaced; null with `error` when the bytes do not decode. */
  tree: unknown;
  error: string | null;
}

/** Byte strings as "<N bytes>", everything else as it is. */
export function withByteSizes(value: unknown): unknown {
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (Array.isArray(value)) return value.map(withByteSizes);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withByteSizes(v)]));
  return value;
}

export function hexHead(bytes: Uint8Array, count: number): string {
  return Array.from(bytes.subarray(0, count), (b) => b.toString(16).padStart(2, "0")).join(" ");
}

export function inspectMsgpack(bytes: Uint8Array, headBytes = 64): MsgpackView {
  const view = { size: bytes.length, hex: hexHead(bytes, headBytes) };
  try {
    return { ...view, tree: withByteSizes(decode(bytes)), error: null };
  } catch (error) {
    return { ...view, tree: null, error: `not msgpack: ${(error as Error).message}` };
  }
}
