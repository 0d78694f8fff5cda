/** Luna Sender: published messages reach the account's WebSocket subscribers, and only them. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import { senderMessageSchema, type SenderMessage } from "../../../../shared/luna/schemas/sender.ts";
import { lunaHttp, startServerOn, type DriverServer } from "../../../support/drivers.ts";

let running: DriverServer;
beforeAll(async () => {
  running = await startServerOn("pglite");
});
afterAll(() => running.stop());

interface Subscription {
  socket: WebSocket;
  messages: SenderMessage[];
  /** Resolves once `count` messages have arrived (a WebSocket delivers them in order). */
  received(count: number): Promise<SenderMessage[]>;
}

function subscribe(query: string, headers: Record<string, string> = {}): Promise<Subscription> {
  const url = `${running.server.url.replace("http", "ws")}/luna-sender/1/ws?${query}`;
  const socket = new WebSocket(url, { headers });
  const messages: SenderMessage[] = [];
  const waiters: { count: number; done(messages: SenderMessage[]): void }[] = [];
  socket.on("message", (data) => {
    messages.push(senderMessageSchema.parse(JSON.parse(String(data))));
    for (const waiter of waiters.filter((w) => messages.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.done([...messages]);
    }
  });
  const received = (count: number) =>
    messages.length >= count
      ? Promise.resolve([...messages])
      : new Promise<SenderMessage[]>((done) => waiters.push({ count, done }));
  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve({ socket, messages, received }));
    socket.once("error", reject);
  });
}

describe("sender", () => {
  it("delivers to the account's subscribers of that handler only", async () => {
    const account = crypto.randomUUID();
    const stranger = crypto.randomUUID();
    const handlerId = "00000000-0000-4000-a000-000003491877";
    const mine = await subscribe(`handler_id=${handlerId}`, { "Luna-Account-Id": account });
    const allMine = await subscribe(`account_id=${account}`);
    const otherHandler = await subscribe(`handler_id=other&account_id=${account}`);
    const otherAccount = await subscribe(`handler_id=${handlerId}&account_id=${stranger}`);
    const publish = (who: string, handler: string, value: string) =>
      lunaHttp(`${running.server.url}/luna-sender/1`, who)("POST", "/publish", {
        events: [{ value }],
        handler_id: handler,
        event_create_time: "2026-11-24 12:00:00.000001",
      });
    const reply = await publish(account, handlerId, "Hello, I'm new event!");
    expect(reply.status).toBe(202);
    expect(reply.body.delivered).toBe(2);
    // Markers published after it, one for each subscriber that must not have had the first message:
    // a socket delivers in order, so when a marker arrives first, the first message never came.
    expect((await publish(account, "other", "marker: other handler")).body.delivered).toBe(2);
    expect((await publish(stranger, handlerId, "marker: other account")).body.delivered).toBe(1);
    expect((await publish(account, handlerId, "marker: mine")).body.delivered).toBe(2);

    const values = (messages: SenderMessage[]) => messages.map((m) => (m.events[0] as { value: string }).value);
    expect(await mine.received(2)).toEqual([
      {
        account_id: account,
        handler_id: handlerId,
        event_create_time: "2026-11-24 12:00:00.000001",
        event_end_time: null,
        events: [{ value: "Hello, I'm new event!" }],
      },
      expect.objectContaining({ events: [{ value: "marker: mine" }] }),
    ]);
    expect(values(await allMine.received(3))).toEqual([
      "Hello, I'm new event!",
      "marker: other handler",
      "marker: mine",
    ]);
    expect(values(await otherHandler.received(1))).toEqual(["marker: other handler"]);
    expect(values(await otherAccount.received(1))).toEqual(["marker: other account"]);
    for (const s of [mine, allMine, otherHandler, otherAccount]) s.socket.close();
  });

  it("refuses subscribers without an account and bad publish bodies", async () => {
    await expect(subscribe("handler_id=x")).rejects.toThrow(/400/);
    const publish = lunaHttp(`${running.server.url}/luna-sender/1`, crypto.randomUUID());
    const bad = await publish("POST", "/publish", { events: [], handler_id: "h" });
    expect([bad.status, bad.body.error_code]).toEqual([400, 12022]);
  });
});
