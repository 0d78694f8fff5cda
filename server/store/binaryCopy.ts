/**
 * Reading PostgreSQL's binary COPY format (the "Binary Format" section of the COPY documentation):
 * an 11-byte signature, flags, a header extension, then per row a field count and each field as a
 * length (−1: NULL) and its bytes; a field count of −1 ends the data. PGlite answers
 * `COPY … TO '/dev/blob' (FORMAT binary)` with it ~18× faster than the same rows as a query result.
 */
const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];

export function* binaryCopyRows(data: Uint8Array): Generator<(Uint8Array | null)[]> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  SIGNATURE.forEach((b, i) => {
    if (data[i] !== b) throw new Error("not PostgreSQL binary COPY data");
  });
  let at = SIGNATURE.length + 4;
  at += 4 + view.getUint32(at);
  for (;;) {
    const fields = view.getInt16(at);
    at += 2;
    if (fields === -1) return;
    const row: (Uint8Array | null)[] = [];
    for (let f = 0; f < fields; f++) {
      const length = view.getInt32(at);
      at += 4;
      if (length < 0) row.push(null);
      else {
        row.push(data.subarray(at, at + length));
        at += length;
      }
    }
    yield row;
  }
}

/** A binary uuid (16 bytes) in its text form. */
export function uuidText(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
