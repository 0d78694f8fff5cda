/**
 * The inner loop of exact matching: int8 · int16 dot products of one query against many stored
 * descriptors, in WebAssembly SIMD (plain JavaScript manages ≈1 multiply-add per nanosecond, too
 * slow for 1M × 512 in 50 ms: docs/matcher.md). No toolchain builds WebAssembly here, so the module
 * is assembled below from its instructions; a unit test checks it against a JavaScript reference.
 *
 * dots(query, codes, count, out): for row r in [0, count): out[r] = Σ_k codes[r·512 + k] · query[k]
 * dotsAt(query, codes, rows, count, out): the same for the rows listed at `rows` (count int32): out[i] for rows[i]
 *   query: 512 int16 (the query's int8 components, widened) at byte offset `query`
 *   codes: count × 512 int8, row after row, at byte offset `codes`
 *   out:   count int32 at byte offset `out`
 * Each row is 32 chunks of 16 bytes, fully unrolled: load, widen both halves to int16x8, two
 * i32x4.dot_i16x8_s, accumulate. |sum| ≤ 512 · 128 · 127 fits int32.
 */

export const DIMENSIONS = 512;

const uleb = (value: number): number[] => {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
};

const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (text: string): number[] => [...uleb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];

// Opcodes (WebAssembly core spec 1.0 and the fixed-width SIMD proposal, both shipped in Node ≥ 16).
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const I32_CONST = 0x41;
const I32_ADD = 0x6a;
const I32_SHL = 0x74;
const I32_LT_U = 0x49;
const I32_EQZ = 0x45;
const I32_STORE = 0x36;
const BLOCK = 0x02;
const LOOP = 0x03;
const BR_IF = 0x0d;
const END = 0x0b;
const VOID = 0x40;
const SIMD = 0xfd;
const v128Load = (offset: number) => [SIMD, ...uleb(0x00), 4, ...uleb(offset)]; // align 2^4
const V128_CONST_ZERO = [SIMD, ...uleb(0x0c), ...new Array<number>(16).fill(0)];
const I16X8_EXTEND_LOW_I8X16_S = [SIMD, ...uleb(0x87)];
const I16X8_EXTEND_HIGH_I8X16_S = [SIMD, ...uleb(0x88)];
const I32X4_DOT_I16X8_S = [SIMD, ...uleb(0xba)];
const I32X4_ADD = [SIMD, ...uleb(0xae)];
const i32x4ExtractLane = (lane: number) => [SIMD, ...uleb(0x1b), lane];

// dots: parameters 0–3, then locals: 4 row, 5 p (row address), 6 acc (v128), 7 chunk (v128).
const [Q, CODES, COUNT, OUT, ROW, P, ACC, CHUNK] = [0, 1, 2, 3, 4, 5, 6, 7];
// dotsAt: parameters 0–4 (query, codes, rows, count, out), then 5 i, 6 p, 7 acc, 8 chunk.
const AT = { Q: 0, CODES: 1, ROWS: 2, COUNT: 3, OUT: 4, I: 5, P: 6, ACC: 7, CHUNK: 8 };

/** acc += the row at local `p` · the query at local `q`, 32 unrolled chunks. */
function rowDot(q: number, p: number, acc: number, chunk: number): number[] {
  const code: number[] = [];
  for (let k = 0; k < DIMENSIONS; k += 16) {
    code.push(
      LOCAL_GET,
      acc,
      LOCAL_GET,
      p,
      ...v128Load(k),
      LOCAL_TEE,
      chunk,
      ...I16X8_EXTEND_LOW_I8X16_S,
      LOCAL_GET,
      q,
      ...v128Load(2 * k),
      ...I32X4_DOT_I16X8_S,
      ...I32X4_ADD,
      LOCAL_GET,
      chunk,
      ...I16X8_EXTEND_HIGH_I8X16_S,
      LOCAL_GET,
      q,
      ...v128Load(2 * k + 16),
      ...I32X4_DOT_I16X8_S,
      ...I32X4_ADD,
      LOCAL_SET,
      acc,
    );
  }
  return code;
}

const laneSum = (acc: number): number[] => [
  LOCAL_GET,
  acc,
  ...i32x4ExtractLane(0),
  LOCAL_GET,
  acc,
  ...i32x4ExtractLane(1),
  I32_ADD,
  LOCAL_GET,
  acc,
  ...i32x4ExtractLane(2),
  I32_ADD,
  LOCAL_GET,
  acc,
  ...i32x4ExtractLane(3),
  I32_ADD,
];

const I32_LOAD = 0x28;
const I32_CONST_9 = [I32_CONST, 9];

function dotsAtBody(): number[] {
  const { Q: q, CODES: codes, ROWS: rows, COUNT: count, OUT: out, I: i, P: p, ACC: acc, CHUNK: chunk } = AT;
  const code = [
    ...[2, ...uleb(2), 0x7f, ...uleb(2), 0x7b],
    BLOCK,
    VOID,
    LOCAL_GET,
    count,
    I32_EQZ,
    BR_IF,
    0,
    LOOP,
    VOID,
    // p = codes + rows[i] · 512
    LOCAL_GET,
    codes,
    LOCAL_GET,
    rows,
    LOCAL_GET,
    i,
    I32_CONST,
    2,
    I32_SHL,
    I32_ADD,
    I32_LOAD,
    2,
    0,
    ...I32_CONST_9,
    I32_SHL,
    I32_ADD,
    LOCAL_SET,
    p,
    ...V128_CONST_ZERO,
    LOCAL_SET,
    acc,
    ...rowDot(q, p, acc, chunk),
    LOCAL_GET,
    out,
    LOCAL_GET,
    i,
    I32_CONST,
    2,
    I32_SHL,
    I32_ADD,
    ...laneSum(acc),
    I32_STORE,
    2,
    0,
    LOCAL_GET,
    i,
    I32_CONST,
    1,
    I32_ADD,
    LOCAL_TEE,
    i,
    LOCAL_GET,
    count,
    I32_LT_U,
    BR_IF,
    0,
    END,
    END,
    END,
  ];
  return [...uleb(code.length), ...code];
}

function dotsBody(): number[] {
  const rowChunks: number[] = [];
  for (let k = 0; k < DIMENSIONS; k += 16) {
    rowChunks.push(
      LOCAL_GET,
      ACC,
      LOCAL_GET,
      P,
      ...v128Load(k),
      LOCAL_TEE,
      CHUNK,
      ...I16X8_EXTEND_LOW_I8X16_S,
      LOCAL_GET,
      Q,
      ...v128Load(2 * k),
      ...I32X4_DOT_I16X8_S,
      ...I32X4_ADD,
      LOCAL_GET,
      CHUNK,
      ...I16X8_EXTEND_HIGH_I8X16_S,
      LOCAL_GET,
      Q,
      ...v128Load(2 * k + 16),
      ...I32X4_DOT_I16X8_S,
      ...I32X4_ADD,
      LOCAL_SET,
      ACC,
    );
  }
  const code = [
    ...[2, ...uleb(2), 0x7f, ...uleb(2), 0x7b], // locals: 2 × i32, 2 × v128
    BLOCK,
    VOID,
    LOCAL_GET,
    COUNT,
    I32_EQZ,
    BR_IF,
    0,
    LOCAL_GET,
    CODES,
    LOCAL_SET,
    P,
    LOOP,
    VOID,
    ...V128_CONST_ZERO,
    LOCAL_SET,
    ACC,
    ...rowChunks,
    // out[row] = the four lanes' sum
    LOCAL_GET,
    OUT,
    LOCAL_GET,
    ROW,
    I32_CONST,
    2,
    I32_SHL,
    I32_ADD,
    LOCAL_GET,
    ACC,
    ...i32x4ExtractLane(0),
    LOCAL_GET,
    ACC,
    ...i32x4ExtractLane(1),
    I32_ADD,
    LOCAL_GET,
    ACC,
    ...i32x4ExtractLane(2),
    I32_ADD,
    LOCAL_GET,
    ACC,
    ...i32x4ExtractLane(3),
    I32_ADD,
    I32_STORE,
    2,
    0,
    LOCAL_GET,
    P,
    I32_CONST,
    ...[0x80, 0x04],
    I32_ADD,
    LOCAL_SET,
    P, // p += 512 (sleb128 512 = 0x80 0x04)
    LOCAL_GET,
    ROW,
    I32_CONST,
    1,
    I32_ADD,
    LOCAL_TEE,
    ROW,
    LOCAL_GET,
    COUNT,
    I32_LT_U,
    BR_IF,
    0,
    END,
    END,
    END,
  ];
  return [...uleb(code.length), ...code];
}

/** The module's bytes; it imports its memory as env.memory (shared when `shared`, so worker threads can scan it too). */
export function int8DotModuleBytes(shared: boolean, maximumPages: number): Uint8Array<ArrayBuffer> {
  const limits = shared ? [0x03, ...uleb(1), ...uleb(maximumPages)] : [0x01, ...uleb(1), ...uleb(maximumPages)];
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [2, 0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 0, 0x60, 5, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]),
    ...section(2, [1, ...name("env"), ...name("memory"), 0x02, ...limits]),
    ...section(3, [2, 0, 1]),
    ...section(7, [2, ...name("dots"), 0x00, 0, ...name("dotsAt"), 0x00, 1]),
    ...section(10, [2, ...dotsBody(), ...dotsAtBody()]),
  ];
  return new Uint8Array(bytes);
}

export interface Int8DotKernel {
  readonly memory: WebAssembly.Memory;
  dots(query: number, codes: number, count: number, out: number): void;
  dotsAt(query: number, codes: number, rows: number, count: number, out: number): void;
}

/** Pages of 64 KiB; 65536 pages = 4 GiB, wasm32's whole address space (only what is grown is committed). */
export const MAX_PAGES = 65536;

let compiled: Map<boolean, WebAssembly.Module> | null = null;

export function int8DotModule(shared: boolean): WebAssembly.Module {
  compiled ??= new Map();
  let module = compiled.get(shared);
  if (!module) {
    module = new WebAssembly.Module(int8DotModuleBytes(shared, MAX_PAGES));
    compiled.set(shared, module);
  }
  return module;
}

export function instantiateInt8Dot(memory: WebAssembly.Memory, shared: boolean): Int8DotKernel {
  const instance = new WebAssembly.Instance(int8DotModule(shared), { env: { memory } });
  const dots = instance.exports.dots as Int8DotKernel["dots"];
  const dotsAt = instance.exports.dotsAt as Int8DotKernel["dotsAt"];
  return { memory, dots, dotsAt };
}
