/**
 * Inside a lambda process: sockets of its own are refused with a sentence saying why. The OS
 * sandbox already gives the process an empty network namespace (nothing it listens on can be
 * reached, nothing outside can be connected to); this makes the attempt fail loudly instead of
 * quietly. The lambda's HTTP goes through `fetch`, which the server forwards (lambdaEgress.ts).
 * Installed by the runner before the lambda's code loads; its own channel (fd 3) is already open.
 */
import dgram from "node:dgram";
import net from "node:net";

const WHY =
  "a lambda has no network of its own: call the Luna services with request.clients or fetch (the server forwards them)";

function refuse(): never {
  const error = new Error(WHY) as Error & { code: string };
  error.code = "ERR_ACCESS_DENIED";
  throw error;
}

export function refuseOwnSockets(): void {
  net.Server.prototype.listen = refuse;
  net.Socket.prototype.connect = refuse;
  dgram.Socket.prototype.bind = refuse;
  dgram.Socket.prototype.connect = refuse;
  dgram.Socket.prototype.send = refuse;
}
