/**
 * Synchronous engine calls for a sandboxed Python lambda (lunavl's detect, warp and mask are
 * synchronous; Node 20 has no JavaScript Promise Integration to let Pyodide wait for a promise).
 * The runner keeps a second channel on fd 4 that it never hands to Node's event loop, so the fd
 * stays blocking: a call writes one frame and blocks in read(2) until the server's answer frame
 * arrives. Same framing as frameChannel.ts (4-byte big-endian length, msgpack).
 */
import { decode, encode } from "@msgpack/msgpack";
import { readSync, writeSync } from "node:fs";
import { LunaError } from "../../shared/luna/errors.ts";

const WAIT = new Int32Array(new SharedArrayBuffer(4));

function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.byteLength) offset += writeSync(fd, bytes, offset);
}

function readExactly(fd: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  let offset = 0;
  while (offset < length) {
    let read: number;
    try {
      read = readSync(fd, out, offset, length - offset, null);
    } catch (error) {
      // Should the fd be non-blocking after all, wait a moment instead of spinning.
      if ((error as NodeJS.ErrnoException).code === "EAGAIN") {
        Atomics.wait(WAIT, 0, 0, 1);
        continue;
      }
      throw error;
    }
    if (read === 0) throw new Error("the server closed the engine channel");
    offset += read;
  }
  return out;
}

interface EngineAnswer {
  kind: "engineReply" | "engineError";
  id: number;
  result?: unknown;
  error?: { status: number; error_code: number; desc: string; detail: string };
}

export function syncEngineCaller(
  fd: number,
  maxFrameBytes: number,
): (operation: string, args: Record<string, unknown>) => unknown {
  let nextId = 1;
  return (operation, args) => {
    const id = nextId++;
    const payload = encode({ kind: "engine", id, operation, args }, { ignoreUndefined: true });
    const header = Buffer.alloc(4);
    header.writeUInt32BE(payload.byteLength);
    writeAll(fd, Buffer.concat([header, payload]));
    const length = readExactly(fd, 4).readUInt32BE(0);
    if (length > maxFrameBytes) throw new Error(`the engine's answer is larger than ${maxFrameBytes} bytes`);
    const answer = decode(readExactly(fd, length)) as EngineAnswer;
    if (answer.id !== id) throw new Error("the engine channel answered another call");
    if (answer.kind === "engineReply") return answer.result;
    const e = answer.error!;
    throw new LunaError({ code: e.error_code, desc: e.desc, status: e.status, detail: e.detail });
  };
}
