/**
 * Length-prefixed msgpack frames over a stream: the one channel between the server and a
 * sandboxed lambda process (fd 3 of the child). Node's own IPC channel buffers a message of any
 * size before the parent sees it; here the reader refuses a frame over `maxFrameBytes` as soon
 * as its 4-byte header arrives, so a hostile process cannot make the server hold more than that.
 */
import { decode, encode } from "@msgpack/msgpack";
import type { Duplex } from "node:stream";

export class FrameChannel {
  private buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private closed = false;

  constructor(
    private readonly stream: Duplex,
    private readonly maxFrameBytes: number,
    private readonly handlers: {
      message: (message: unknown) => void;
      violation: (why: string) => void;
      close: () => void;
    },
  ) {
    stream.on("data", (chunk: Buffer) => this.receive(chunk));
    stream.on("error", () => this.close());
    stream.on("close", () => this.close());
    stream.on("end", () => this.close());
  }

  send(message: unknown): void {
    if (this.closed || this.stream.destroyed) return;
    const payload = encode(message, { ignoreUndefined: true });
    const header = Buffer.alloc(4);
    header.writeUInt32BE(payload.byteLength);
    this.stream.write(header);
    this.stream.write(payload);
  }

  private receive(chunk: Buffer): void {
    if (this.closed) return;
    this.buffered.push(chunk);
    this.bufferedBytes += chunk.length;
    while (this.bufferedBytes >= 4) {
      const head = this.peek(4);
      const length = head.readUInt32BE(0);
      if (length > this.maxFrameBytes) return this.refuse(`a message of ${length} bytes (limit ${this.maxFrameBytes})`);
      if (this.bufferedBytes < 4 + length) return;
      const frame = this.take(4 + length).subarray(4);
      let message: unknown;
      try {
        message = decode(frame);
      } catch {
        return this.refuse("a message that is not msgpack");
      }
      this.handlers.message(message);
      if (this.closed) return;
    }
  }

  private peek(bytes: number): Buffer {
    if (this.buffered[0]!.length < bytes) this.buffered = [Buffer.concat(this.buffered)];
    return this.buffered[0]!.subarray(0, bytes);
  }

  private take(bytes: number): Buffer {
    const all = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered);
    const out = all.subarray(0, bytes);
    const rest = all.subarray(bytes);
    this.buffered = rest.length > 0 ? [rest] : [];
    this.bufferedBytes = rest.length;
    return out;
  }

  private refuse(why: string): void {
    this.handlers.violation(why);
    this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.buffered = [];
    this.bufferedBytes = 0;
    this.stream.destroy();
    this.handlers.close();
  }
}
