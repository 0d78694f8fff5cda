/**
 * Luna Sender stand-in, api 1: `POST /publish` fans messages out to WebSocket subscribers of
 * `GET /ws?handler_id=…`. A subscriber names its account with the Luna-Account-Id header or, for
 * browsers (which cannot set WebSocket headers), the `account_id` query parameter; it only ever
 * receives its own account's messages.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocket, WebSocketServer } from "ws";
import { publishSchema, type SenderMessage } from "../../shared/luna/schemas/sender.ts";
import { isUuid } from "../http/account.ts";
import { route, type ServiceTable } from "../http/routeTable.ts";

export const SENDER_PREFIX = "/luna-sender/1";

interface Subscriber {
  socket: WebSocket;
  account: string;
  handlerId: string | null;
}

export class SenderHub {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly subscribers = new Set<Subscriber>();

  /** Handles an HTTP upgrade for `${SENDER_PREFIX}/ws`; returns false when the path is not ours. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (url.pathname !== `${SENDER_PREFIX}/ws`) return false;
    const header = req.headers["luna-account-id"];
    const account = (typeof header === "string" ? header : url.searchParams.get("account_id")) ?? "";
    if (!isUuid(account)) {
      socket.end(
        "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n\r\nLuna-Account-Id (header or account_id query) must be a UUID\n",
      );
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const subscriber: Subscriber = {
        socket: ws,
        account: account.toLowerCase(),
        handlerId: url.searchParams.get("handler_id"),
      };
      this.subscribers.add(subscriber);
      ws.on("close", () => this.subscribers.delete(subscriber));
      ws.on("error", () => this.subscribers.delete(subscriber));
    });
    return true;
  }

  /** Sends to every subscriber of that account (and handler, when the subscriber chose one). */
  publish(message: SenderMessage): number {
    const text = JSON.stringify(message);
    let delivered = 0;
    for (const s of this.subscribers) {
      if (s.account !== message.account_id) continue;
      if (s.handlerId !== null && s.handlerId !== message.handler_id) continue;
      if (s.socket.readyState !== WebSocket.OPEN) continue;
      s.socket.send(text);
      delivered++;
    }
    return delivered;
  }

  close(): void {
    for (const s of this.subscribers) s.socket.terminate();
    this.subscribers.clear();
    this.wss.close();
  }
}

export function senderService(hub: SenderHub, maxBodyBytes: number): ServiceTable {
  return {
    name: "Luna Sender (embedded)",
    prefix: SENDER_PREFIX,
    version: "1",
    maxBodyBytes,
    routes: [
      route({
        method: "post",
        path: "/publish",
        summary: "Publish user events to this account's WebSocket subscribers (GET /ws?handler_id=…)",
        body: publishSchema,
        responses: { 202: "accepted; `delivered` says how many subscribers got it" },
        handle: async ({ body, account }) => {
          const delivered = hub.publish({
            account_id: account,
            handler_id: body.handler_id,
            event_create_time: body.event_create_time ?? null,
            event_end_time: body.event_end_time ?? null,
            events: body.events,
          });
          return { status: 202, body: { delivered } };
        },
      }),
    ],
  };
}
