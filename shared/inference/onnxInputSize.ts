/**
 * Re-declares the spatial size of an ONNX model's image input, in place. Used for models whose graph
 * is fully convolutional up to a global pool (the emotion model's DenseNet-121: convolutions, pools,
 * GlobalAveragePool, Flatten, Gemm — no reshape, no value_info), so that only the input's declared
 * `[1, 3, H, W]` pins the size. The weights and every node stay byte for byte what the package ships
 * (the registry checks the file's sha256 before this); only the two `dim_value` varints of the input's
 * shape change, to values of the same encoded length, so no other byte moves.
 *
 * The protobuf path: ModelProto.graph (7) → GraphProto.input (11) → ValueInfoProto {name (1), type (2)}
 * → TypeProto.tensor_type (1) → TypeProto.Tensor.shape (2) → TensorShapeProto.dim (1) → dim_value (1).
 */

interface Field {
  field: number;
  wire: number;
  /** Payload start and end (for varints: the varint's own bytes). */
  start: number;
  end: number;
}

function readVarint(bytes: Uint8Array, at: number): { value: number; end: number } {
  let value = 0;
  let scale = 1;
  let i = at;
  for (;;) {
    if (i >= bytes.length) throw new Error("truncated protobuf varint");
    const b = bytes[i++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) return { value, end: i };
    scale *= 128;
    if (scale > 2 ** 63) throw new Error("protobuf varint too long");
  }
}

function fields(bytes: Uint8Array, start: number, end: number): Field[] {
  const out: Field[] = [];
  let at = start;
  while (at < end) {
    const tag = readVarint(bytes, at);
    const field = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    at = tag.end;
    if (wire === 0) {
      const v = readVarint(bytes, at);
      out.push({ field, wire, start: at, end: v.end });
      at = v.end;
    } else if (wire === 2) {
      const len = readVarint(bytes, at);
      out.push({ field, wire, start: len.end, end: len.end + len.value });
      at = len.end + len.value;
    } else if (wire === 1) {
      out.push({ field, wire, start: at, end: at + 8 });
      at += 8;
    } else if (wire === 5) {
      out.push({ field, wire, start: at, end: at + 4 });
      at += 4;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
    if (at > end) throw new Error("protobuf field runs past its message");
  }
  return out;
}

const sub = (bytes: Uint8Array, parent: Field, field: number): Field[] =>
  fields(bytes, parent.start, parent.end).filter((f) => f.field === field && f.wire === 2);

function varintBytes(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/**
 * A copy of `model` whose input `inputName` declares `[N, C, height, width]`; throws when the input's
 * declared H and W are not fixed numbers or the new ones need a different number of varint bytes
 * (e.g. 224 → 128…255 is fine, 224 → 112 is not).
 */
export function withInputSize(model: Uint8Array, inputName: string, width: number, height: number): Uint8Array {
  const top: Field = { field: 0, wire: 2, start: 0, end: model.length };
  const [graph] = sub(model, top, 7);
  if (!graph) throw new Error("not an ONNX model: no graph");
  const decoder = new TextDecoder();
  const input = sub(model, graph, 11).find((info) => {
    const [name] = sub(model, info, 1);
    return name !== undefined && decoder.decode(model.subarray(name.start, name.end)) === inputName;
  });
  if (!input) throw new Error(`the model has no graph input '${inputName}'`);
  const [type] = sub(model, input, 2);
  const [tensor] = type ? sub(model, type, 1) : [];
  const [shape] = tensor ? sub(model, tensor, 2) : [];
  const dims = shape ? sub(model, shape, 1) : [];
  if (dims.length !== 4) throw new Error(`input '${inputName}' does not declare a 4-d shape`);
  const out = new Uint8Array(model);
  for (const [dim, size] of [
    [dims[2]!, height],
    [dims[3]!, width],
  ] as const) {
    const value = fields(model, dim.start, dim.end).find((f) => f.field === 1 && f.wire === 0);
    if (!value) throw new Error(`input '${inputName}' has a symbolic spatial size`);
    const encoded = varintBytes(size);
    if (encoded.length !== value.end - value.start)
      throw new Error(`cannot re-declare ${readVarint(model, value.start).value} as ${size} in place`);
    out.set(encoded, value.start);
  }
  return out;
}

/** The declared `[N, C, H, W]` of an input (for tests and checks). */
export function declaredInputDims(model: Uint8Array, inputName: string): number[] {
  const top: Field = { field: 0, wire: 2, start: 0, end: model.length };
  const [graph] = sub(model, top, 7);
  const decoder = new TextDecoder();
  const input = graph
    ? sub(model, graph, 11).find((info) => {
        const [name] = sub(model, info, 1);
        return name !== undefined && decoder.decode(model.subarray(name.start, name.end)) === inputName;
      })
    : undefined;
  const [type] = input ? sub(model, input, 2) : [];
  const [tensor] = type ? sub(model, type, 1) : [];
  const [shape] = tensor ? sub(model, tensor, 2) : [];
  return (shape ? sub(model, shape, 1) : []).map((dim) => {
    const value = fields(model, dim.start, dim.end).find((f) => f.field === 1 && f.wire === 0);
    return value ? readVarint(model, value.start).value : Number.NaN;
  });
}
