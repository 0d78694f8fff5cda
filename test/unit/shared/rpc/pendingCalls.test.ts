import { describe, expect, it } from "vitest";
import { PendingCalls } from "../../../../shared/rpc/pendingCalls.ts";

describe("PendingCalls", () => {
  it("matches answers to calls by id, each settled once", async () => {
    const calls = new PendingCalls<string>();
    const sent: number[] = [];
    const first = calls.start((id) => sent.push(id));
    const second = calls.start((id) => sent.push(id));
    expect(calls.settle(sent[1]!, { value: "two" })).toBe(true);
    expect(calls.settle(sent[0]!, { error: new Error("one failed") })).toBe(true);
    await expect(second).resolves.toBe("two");
    await expect(first).rejects.toThrow("one failed");
    expect(calls.settle(sent[0]!, { value: "late" })).toBe(false);
    expect(calls.size).toBe(0);
  });

  it("cancels a call when its signal aborts, and ignores its late answer", async () => {
    const calls = new PendingCalls<string>();
    const controller = new AbortController();
    let sentId = 0;
    const call = calls.start((id) => (sentId = id), controller.signal);
    controller.abort(new Error("the caller gave up"));
    await expect(call).rejects.toThrow("the caller gave up");
    expect(calls.settle(sentId, { value: "too late" })).toBe(false);
    await expect(calls.start(() => undefined, controller.signal)).rejects.toThrow("the caller gave up");
  });

  it("fails every waiting call when the channel is gone, and a call whose send throws", async () => {
    const calls = new PendingCalls<number>();
    const waiting = [calls.start(() => undefined), calls.start(() => undefined)];
    calls.failAll(new Error("channel closed"));
    for (const call of waiting) await expect(call).rejects.toThrow("channel closed");
    await expect(
      calls.start(() => {
        throw new Error("port closed");
      }),
    ).rejects.toThrow("port closed");
    expect(calls.size).toBe(0);
  });
});
