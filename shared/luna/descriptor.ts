/**
 * Luna `sdk_descriptor` container: "dp\0\0" + uint32 LE model version + payload.
 *
 * Our MobileFaceNet descriptor is version 900 (we chose 9xx for this project's own models so they
 * can never be mistaken for a VisionLabs model version such as 59 or 65). Its payload is 512 bytes:
 * the L2-normalised 512 floats quantised to one signed int8 (two's complement) per component, all
 * components sharing one positive scale `127 / max|v_i|`. Cosine is scale-invariant, so any client
 * can compute cosine similarity straight from the int8 bytes; decoding renormalises to unit length.
 */
import { Errors, LunaError } from "./errors.ts";

export const SDK_DESCRIPTOR_MAGIC = [0x64, 0x70, 0x00, 0x00] as const; // "dp\0\0"
export const SDK_DESCRIPTOR_HEADER_BYTES = 8;
export const MOBILEFACENET_DESCRIPTOR_VERSION = 900;

/** Payload length per supported version (Luna's 512-byte face versions are accepted for decoding). */
export const DESCRIPTOR_PAYLOAD_BYTES: ReadonlyMap<number, number> = new Map([
  [MOBILEFACENET_DESCRIPTOR_VERSION, 512],
  [54, 512],
  [56, 512],
  [57, 512],
  [58, 512],
  [59, 512],
  [60, 512],
  [62, 512],
  [65, 512],
]);

export interface DecodedDescriptor {
  version: number;
  /** The raw payload bytes (for version 900: int8 components). */
  payload: Uint8Array;
}

export function l2Normalize(vector: ArrayLike<number>): Float32Array {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  const norm = Math.sqrt(sum);
  const out = new Float32Array(vector.length);
  if (norm === 0) return out;
  for (let i = 0; i < vector.length; i++) out[i] = vector[i]! / norm;
  return out;
}

/** Quantises a float vector (any norm) into the int8 payload described above. */
export function quantizeDescriptor(vector: ArrayLike<number>): Uint8Array {
  const unit = l2Normalize(vector);
  let maxAbs = 0;
  for (const v of unit) maxAbs = Math.max(maxAbs, Math.abs(v));
  const scale = maxAbs === 0 ? 0 : 127 / maxAbs;
  const payload = new Int8Array(unit.length);
  for (let i = 0; i < unit.length; i++) payload[i] = Math.round(unit[i]! * scale);
  return new Uint8Array(payload.buffer);
}

export function encodeSdkDescriptor(vector: ArrayLike<number>, version = MOBILEFACENET_DESCRIPTOR_VERSION): Uint8Array {
  const expected = DESCRIPTOR_PAYLOAD_BYTES.get(version);
  if (expected === undefined) throw new LunaError(Errors.UnknownDescriptorVersion, version);
  const payload = quantizeDescriptor(vector);
  if (payload.length !== expected) {
    throw new LunaError(Errors.InvalidDescriptorLength, version, expected, payload.length);
  }
  const out = new Uint8Array(SDK_DESCRIPTOR_HEADER_BYTES + payload.length);
  out.set(SDK_DESCRIPTOR_MAGIC, 0);
  new DataView(out.buffer).setUint32(4, version, true);
  out.set(payload, SDK_DESCRIPTOR_HEADER_BYTES);
  return out;
}

export function decodeSdkDescriptor(bytes: Uint8Array): DecodedDescriptor {
  if (bytes.length < SDK_DESCRIPTOR_HEADER_BYTES) {
    throw new LunaError(Errors.BadSdkDescriptor, `sdk descriptor must be at least 8 bytes, got ${bytes.length}`);
  }
  for (let i = 0; i < SDK_DESCRIPTOR_MAGIC.length; i++) {
    if (bytes[i] !== SDK_DESCRIPTOR_MAGIC[i]) {
      throw new LunaError(Errors.BadSdkDescriptor, "sdk descriptor does not start with the signature 'dp\\0\\0'");
    }
  }
  const version = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  const expected = DESCRIPTOR_PAYLOAD_BYTES.get(version);
  if (expected === undefined) throw new LunaError(Errors.UnknownDescriptorVersion, version);
  const payloadLength = bytes.length - SDK_DESCRIPTOR_HEADER_BYTES;
  if (payloadLength !== expected) throw new LunaError(Errors.InvalidDescriptorLength, version, expected, payloadLength);
  return { version, payload: bytes.slice(SDK_DESCRIPTOR_HEADER_BYTES) };
}

/** Unit-length float vector of a decoded version-900 payload. */
export function descriptorToVector(decoded: DecodedDescriptor): Float32Array {
  if (decoded.version !== MOBILEFACENET_DESCRIPTOR_VERSION) {
    throw new LunaError(Errors.UnknownDescriptorVersion, decoded.version);
  }
  const signed = new Int8Array(decoded.payload.buffer, decoded.payload.byteOffset, decoded.payload.byteLength);
  return l2Normalize(signed);
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cosine of vectors of different length ${a.length} and ${b.length}`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
