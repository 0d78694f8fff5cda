/** The status a WebSocket upgrade is answered with: 101 when it opens, else the refusal's status (0: no answer). */
import { WebSocket } from "ws";

export function webSocketUpgradeStatus(url: string, headers: Record<string, string>): Promise<number> {
  const socket = new WebSocket(url, { headers });
  return new Promise((resolve) => {
    socket.once("open", () => {
      socket.close();
      resolve(101);
    });
    socket.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
    socket.once("error", () => resolve(0));
  });
}
