/**
 * The host side of a debug lambda's inspector: a TCP listener on the host's loopback (never
 * another interface, whatever HOST the server listens on) and a Unix socket in a folder bound
 * into the sandbox read-only. The in-sandbox relay (inspectorRelay.ts) keeps a spare connection
 * open to that socket; each DevTools connection is paired with a spare and so reaches Node's
 * inspector inside the lambda's own network namespace. DevTools connects as to any
 * `node --inspect`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";

/** The socket's name inside the bound folder. */
export const INSPECTOR_SOCKET = "inspector.sock";
/** The inspector's port on the sandbox's own loopback (nothing else listens there). */
export const INSPECTOR_PORT_INSIDE = 9229;
/** Spare connections from inside kept at most (the relay keeps one; more are refused). */
const MAX_SPARES = 4;
/** How long a DevTools connection waits for a spare (the lambda's process restarting). */
const SPARE_WAIT_MS = 10_000;

const targetsSchema = z.array(z.object({ id: z.string(), webSocketDebuggerUrl: z.string() }));

export interface InspectorTarget {
  /** ws://127.0.0.1:<port>/<id>: what DevTools (or any CDP client) connects to. */
  websocketUrl: string;
  /** The DevTools front end for it (paste into Chromium's address bar; pages cannot open devtools:// links). */
  devtoolsUrl: string;
  /** The host loopback port, for chrome://inspect's "Configure…" list. */
  port: number;
}

/** Both ends closed when either closes or fails. */
function splice(a: net.Socket, b: net.Socket, onClose: () => void): void {
  const close = () => {
    a.destroy();
    b.destroy();
    onClose();
  };
  a.on("error", close).on("close", close);
  b.on("error", close).on("close", close);
  a.pipe(b).pipe(a);
}

export class InspectorBridge {
  private readonly spares: net.Socket[] = [];
  private readonly waiting: ((spare: net.Socket) => void)[] = [];
  private readonly carried = new Set<net.Socket>();

  private constructor(
    /** Bound into the sandbox read-only as /debug; the host's socket is here. */
    readonly socketDir: string,
    private readonly inside: net.Server,
    private readonly loopback: net.Server,
    readonly port: number,
  ) {}

  static async open(): Promise<InspectorBridge> {
    const socketDir = await mkdtemp(join(tmpdir(), "luna-lambda-debug-"));
    const inside = net.createServer();
    const loopback = net.createServer();
    await new Promise<void>((resolve, reject) =>
      inside.once("error", reject).listen(join(socketDir, INSPECTOR_SOCKET), resolve),
    );
    // Loopback only: the inspector runs any code in the lambda's process for whoever connects.
    await new Promise<void>((resolve, reject) => loopback.once("error", reject).listen(0, "127.0.0.1", resolve));
    const bridge = new InspectorBridge(socketDir, inside, loopback, (loopback.address() as net.AddressInfo).port);
    inside.on("connection", (spare) => bridge.offer(spare));
    loopback.on("connection", (client) => bridge.carry(client));
    return bridge;
  }

  /** A spare connection from the relay: given to a waiting DevTools connection, or kept. */
  private offer(spare: net.Socket): void {
    spare.on("error", () => spare.destroy());
    const waiter = this.waiting.shift();
    if (waiter) return waiter(spare);
    if (this.spares.length >= MAX_SPARES) return void spare.destroy();
    this.spares.push(spare);
    spare.on("close", () => this.spares.splice(this.spares.indexOf(spare) >>> 0, 1));
  }

  private carry(client: net.Socket): void {
    this.carried.add(client);
    const pair = (spare: net.Socket) => splice(client, spare, () => this.carried.delete(client));
    const spare = this.spares.shift();
    if (spare) return pair(spare);
    const timer = setTimeout(() => {
      this.waiting.splice(this.waiting.indexOf(wait) >>> 0, 1);
      client.destroy();
      this.carried.delete(client);
    }, SPARE_WAIT_MS);
    const wait = (spare: net.Socket) => {
      clearTimeout(timer);
      pair(spare);
    };
    this.waiting.push(wait);
    client.on("error", () => client.destroy());
  }

  /** The inspector's target in the lambda's current process (its id changes with every process). */
  async target(): Promise<InspectorTarget> {
    const response = await fetch(`http://127.0.0.1:${this.port}/json/list`);
    const [first] = targetsSchema.parse(await response.json());
    if (!first) throw new Error("the lambda's inspector lists no target");
    const address = `127.0.0.1:${this.port}/${first.id}`;
    return {
      websocketUrl: `ws://${address}`,
      devtoolsUrl: `devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws=${address}`,
      port: this.port,
    };
  }

  /** Stops listening, cuts DevTools connections and spares, removes the socket's folder. */
  async close(): Promise<void> {
    const closed = Promise.all(
      [this.loopback, this.inside].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
    );
    for (const socket of [...this.carried, ...this.spares]) socket.destroy();
    await closed;
    await rm(this.socketDir, { recursive: true, force: true });
  }
}
