/** The server ↔ lambda channel: frames split anywhere arrive whole; an oversized or garbled one stops the channel. */
import { PassThrough } from "node:stream";
import { encode } from "@msgpack/msgpack";
import { describe, expect, it } from "vitest";
import { FrameChannel } from "../../../../server/runtime/frameChannel.ts";

function frame(message: unknown): Buffer {
  const payload = encode(message);
  const header = Buffer.alloc(4);
  header.writeUInt32BE(payload.byteLength);
  return Buffer.concat([header, payload]);
}

function listen(maxFrameBytes: number) {
  const stream = new PassThrough();
  const seen = { messages: [] as unknown[], violations: [] as string[], closed: false };
  new FrameChannel(stream, maxFrameBytes, {
    message: (m) => seen.messages.push(m),
    violation: (why) => seen.violations.push(why),
    close: () => (seen.closed = true),
  });
  return { stream, seen };
}

describe("FrameChannel", () => {
  it("reassembles frames split at every byte and several frames in one chunk", () => {
    const { stream, seen } = listen(1024);
    const bytes = Buffer.concat([
      frame({ kind: "log", n: 1 }),
      frame({ kind: "reply", body: new Uint8Array([1, 2, 3]) }),
    ]);
    for (const byte of bytes) stream.emit("data", Buffer.from([byte]));
    stream.emit("data", Buffer.concat([frame({ a: 1 }), frame({ b: 2 })]));
    // Bytes come back as views of what was received (Buffers, so Uint8Arrays).
    const reply = seen.messages[1] as { body: Uint8Array };
    expect(reply.body).toBeInstanceOf(Uint8Array);
    expect([...reply.body]).toEqual([1, 2, 3]);
    expect(seen.messages).toEqual([{ kind: "log", n: 1 }, { kind: "reply", body: reply.body }, { a: 1 }, { b: 2 }]);
    expect(seen.violations).toEqual([]);
  });

  it("refuses a frame whose header announces more than the limit, before its body arrives", () => {
    const { stream, seen } = listen(1024);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(2 ** 31);
    stream.emit("data", header);
    expect(seen.violations).toEqual(["a message of 2147483648 bytes (limit 1024)"]);
    expect(seen.closed).toBe(true);
    stream.emit("data", frame({ late: true }));
    expect(seen.messages).toEqual([]);
  });

  it("refuses a frame that is not msgpack", () => {
    const { stream, seen } = listen(1024);
    stream.emit("data", Buffer.from([0, 0, 0, 1, 0xc1]));
    expect(seen.violations).toEqual(["a message that is not msgpack"]);
  });
});
