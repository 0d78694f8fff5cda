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

function subscribe(query: string, headers: Record<string, string> = {}): Promise<{ socket: WebSocket; messages: SenderMessage[] }> {
  const url = `${running.server.url.replace("http", "ws")}/luna-sender/1/ws?${query}`;
  const socket = new WebSocket(url, { headers });
  const messages: SenderMessage[] = [];
  socket.on("message", (data) => messages.push(senderMessageSchema.parse(JSON.parse(String(data)))));
  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve({ socket, messages }));
    socket.once("error", reject);
  });
}

const settle = () => new Promise((r) => setTimeout(r, 150));

describe("sender", () => {
  it("delivers to the account's subscribers of that handler only", async () => {
    const account = crypto.randomUUID();
    const handlerId = "00000000-0000-4000-a000-000003491877";
    const mine = await subscribe(`handler_id=${handlerId}`, { "Luna-Account-Id": account });
    const allMine = await subscribe(`account_id=${account}`);
    const otherHandler = await subscribe(`handler_id=other&account_id=${account}`);
    const otherAccount = await subscribe(`handler_id=${handlerId}&account_id=${crypto.randomUUID()}`);
    const publish = lunaHttp(`${running.server.url}/luna-sender/1`, account);
    const reply = await publish("POST", "/publish", {
      events: [{ value: "Hello, I'm new event!" }],
      handler_id: handlerId,
      event_create_time: "2026-11-24 12:00:00.000001",
    });
    expect(reply.status).toBe(202);
    expect(reply.body.delivered).toBe(2);
    await settle();
    expect(mine.messages).toEqual([
      { account_id: account, handler_id: handlerId, event_create_time: "2026-11-24 12:00:00.000001", event_end_time: null, events: [{ value: "Hello, I'm new event!" }] },
    ]);
    expect(allMine.messages).toHaveLength(1);
    expect(otherHandler.messages).toHaveLength(0);
    expect(otherAccount.messages).toHaveLength(0);
    for (const s of [mine, allMine, otherHandler, otherAccount]) s.socket.close();
  });

  it("refuses subscribers without an account and bad publish bodies", async () => {
    await expect(subscribe("handler_id=x")).rejects.toThrow(/400/);
    const publish = lunaHttp(`${running.server.url}/luna-sender/1`, crypto.randomUUID());
    const bad = await publish("POST", "/publish", { events: [], handler_id: "h" });
    expect([bad.status, bad.body.error_code]).toEqual([400, 12022]);
  });
});
