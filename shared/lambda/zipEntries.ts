/**
 * Reads an untrusted zip without trusting it: the central directory is checked first (entry
 * count, declared sizes, names, methods), then each entry is inflated in small pieces with
 * fflate's streaming Inflate while its output is counted — an entry that inflates past the size its
 * header declares is refused at once, so a lying header can neither fill memory nor run long.
 * Between pieces the reader yields, so no zip holds the event loop (or a browser tab) for long.
 */
import { Inflate } from "fflate";

export interface ZipLimits {
  maxEntries: number;
  /** Uncompressed bytes of all entries together. */
  maxBytes: number;
}

/** A zip that cannot be read within the limits; `message` says why. */
export class ZipError extends Error {
  override name = "ZipError";
}

interface CentralEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** Compressed bytes fed to the inflater at a time: at most ~1 MB of output per piece (deflate's ~1032:1). */
const PIECE_BYTES = 1024;
/** Longest stretch of work before yielding to other tasks. */
const SLICE_MS = 10;

function findEndOfCentralDirectory(view: DataView): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const last = view.byteLength - 22;
  for (let at = last; at >= 0 && at >= last - 65535; at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE && at + 22 + view.getUint16(at + 20, true) === view.byteLength)
      return at;
  }
  throw new ZipError("no end of central directory (not a zip, or truncated)");
}

function centralDirectory(bytes: Uint8Array, limits: ZipLimits): CentralEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 22) throw new ZipError("too short to be a zip");
  const eocd = findEndOfCentralDirectory(view);
  const count = view.getUint16(eocd + 10, true);
  const size = view.getUint32(eocd + 12, true);
  const offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff)
    throw new ZipError("ZIP64 archives are not supported");
  if (count > limits.maxEntries) throw new ZipError(`more than ${limits.maxEntries} entries`);
  if (offset + size > eocd) throw new ZipError("central directory lies outside the file");
  const names = new TextDecoder("utf-8", { fatal: false });
  const entries: CentralEntry[] = [];
  let total = 0;
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL_SIGNATURE)
      throw new ZipError("bad central directory record");
    const nameLength = view.getUint16(at + 28, true);
    const next = at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    if (next > eocd) throw new ZipError("bad central directory record");
    const entry: CentralEntry = {
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
      name: names.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
    };
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localOffset === 0xffffffff)
      throw new ZipError("ZIP64 entries are not supported");
    if (entry.flags & 1) throw new ZipError(`'${entry.name}' is encrypted`);
    if (entry.method !== 0 && entry.method !== 8)
      throw new ZipError(`'${entry.name}' uses compression method ${entry.method} (only stored and deflate)`);
    total += entry.size;
    if (total > limits.maxBytes) throw new ZipError(`more than ${limits.maxBytes} bytes uncompressed`);
    entries.push(entry);
    at = next;
  }
  return entries;
}

function compressedData(bytes: Uint8Array, entry: CentralEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_SIGNATURE)
    throw new ZipError(`'${entry.name}': bad local header`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipError(`'${entry.name}': data lies outside the file`);
  return bytes.subarray(start, end);
}

const yieldToOthers = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Inflates one entry, counting output; refuses it the moment it passes its declared size. */
async function inflateMeasured(data: Uint8Array, entry: CentralEntry, clock: { since: number }): Promise<Uint8Array> {
  const out = new Uint8Array(entry.size);
  let written = 0;
  let over = false;
  const inflater = new Inflate((chunk) => {
    if (written + chunk.length > out.length) over = true;
    else out.set(chunk, written);
    written += chunk.length;
  });
  for (let at = 0; ; at += PIECE_BYTES) {
    const last = at + PIECE_BYTES >= data.length;
    try {
      inflater.push(data.subarray(at, at + PIECE_BYTES), last);
    } catch (error) {
      throw new ZipError(`'${entry.name}' does not inflate (${(error as Error).message})`);
    }
    if (over) throw new ZipError(`'${entry.name}' inflates to more than the ${entry.size} bytes its header declares`);
    if (last) break;
    if (performance.now() - clock.since > SLICE_MS) {
      await yieldToOthers();
      clock.since = performance.now();
    }
  }
  if (written !== entry.size)
    throw new ZipError(`'${entry.name}' inflates to ${written} bytes, its header declares ${entry.size}`);
  return out;
}

/** The zip's files by name (folders left out), read within `limits`. */
export async function readZipEntries(bytes: Uint8Array, limits: ZipLimits): Promise<Record<string, Uint8Array>> {
  const entries = centralDirectory(bytes, limits);
  const files: Record<string, Uint8Array> = {};
  const clock = { since: performance.now() };
  for (const entry of entries) {
    if (entry.name.endsWith("/")) continue;
    if (Object.hasOwn(files, entry.name)) throw new ZipError(`'${entry.name}' appears twice`);
    const data = compressedData(bytes, entry);
    if (entry.method === 0) {
      if (data.length !== entry.size)
        throw new ZipError(`'${entry.name}' is stored with ${data.length} bytes, its header declares ${entry.size}`);
      files[entry.name] = data.slice();
    } else {
      files[entry.name] = await inflateMeasured(data, entry, clock);
    }
  }
  return files;
}
