import { describe, expect, it } from "vitest";
import {
  cosine,
  decodeSdkDescriptor,
  descriptorToVector,
  encodeSdkDescriptor,
  MOBILEFACENET_DESCRIPTOR_VERSION,
} from "../../../../shared/luna/descriptor.ts";
import { LunaError } from "../../../../shared/luna/errors.ts";

/** Deterministic pseudo-random normal vectors (a descriptor-like distribution). */
function gaussianVector(seed: number, n = 512): Float32Array {
  let s = seed;
  const rand = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
  return v;
}

function expectLunaError(fn: () => unknown, code: number, detail: RegExp): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(LunaError);
    expect((error as LunaError).code).toBe(code);
    expect((error as LunaError).detail).toMatch(detail);
    return;
  }
  throw new Error("expected a LunaError");
}

describe("sdk_descriptor codec", () => {
  it("writes the 'dp\\0\\0' signature, the LE version and a 512-byte payload", () => {
    const bytes = encodeSdkDescriptor(gaussianVector(1));
    expect(bytes.length).toBe(520);
    expect([...bytes.slice(0, 4)]).toEqual([0x64, 0x70, 0, 0]);
    expect(new DataView(bytes.buffer).getUint32(4, true)).toBe(MOBILEFACENET_DESCRIPTOR_VERSION);
    expect(MOBILEFACENET_DESCRIPTOR_VERSION).toBe(900);
  });

  it("round-trips with less than 0.01 cosine lost to quantisation", () => {
    for (let seed = 1; seed <= 50; seed++) {
      const v = gaussianVector(seed);
      const back = descriptorToVector(decodeSdkDescriptor(encodeSdkDescriptor(v)));
      expect(1 - cosine(v, back)).toBeLessThan(0.01);
    }
  });

  it("lets a client compute cosine straight from the int8 bytes", () => {
    const a = gaussianVector(7);
    const b = Float32Array.from(a, (x, i) => x + gaussianVector(8)[i]! * 0.8);
    const ia = new Int8Array(encodeSdkDescriptor(a).buffer, 8);
    const ib = new Int8Array(encodeSdkDescriptor(b).buffer, 8);
    expect(Math.abs(cosine(ia, ib) - cosine(a, b))).toBeLessThan(0.01);
  });

  it("uses the full int8 range with one positive scale", () => {
    const payload = new Int8Array(encodeSdkDescriptor(gaussianVector(3)).buffer, 8);
    expect(Math.max(...Array.from(payload, Math.abs))).toBe(127);
  });

  it("rejects bad magic, unknown versions and wrong lengths with clear errors", () => {
    const good = encodeSdkDescriptor(gaussianVector(2));
    const badMagic = good.slice();
    badMagic[0] = 0x78;
    expectLunaError(() => decodeSdkDescriptor(badMagic), 95010, /signature/);
    expectLunaError(() => decodeSdkDescriptor(good.slice(0, 5)), 95010, /at least 8 bytes/);
    const unknown = good.slice();
    new DataView(unknown.buffer).setUint32(4, 12345, true);
    expectLunaError(() => decodeSdkDescriptor(unknown), 95011, /12345/);
    expectLunaError(() => decodeSdkDescriptor(good.slice(0, 300)), 95012, /512 bytes of payload, got 292/);
  });

  it("decodes Luna's own 512-byte face versions (e.g. 59)", () => {
    const bytes = new Uint8Array(520);
    bytes.set([0x64, 0x70, 0, 0]);
    new DataView(bytes.buffer).setUint32(4, 59, true);
    expect(decodeSdkDescriptor(bytes).version).toBe(59);
  });
});
