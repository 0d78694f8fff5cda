/**
 * A server lambda under Node's inspector (POST /lambdas/{id}/debugger): DevTools' protocol reaches
 * it on the host's loopback only, through the Unix socket relay into its sandbox, and pauses it on
 * a debugger statement; and a debug lambda gets no more than a normal one — its own network
 * namespace (no host network), nothing written to the host, the same egress and account rules —
 * while other accounts, Python lambdas and cross-site pages cannot turn the inspector on.
 */
import { networkInterfaces } from "node:os";
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";
import http from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { lunaHttp } from "../../../support/drivers.ts";
import { startTestServer, type TestServer } from "../../../support/testServer.ts";

let server: TestServer;
const account = crypto.randomUUID();
const otherAccount = crypto.randomUUID();
let lambdas: ReturnType<typeof lunaHttp>;

beforeAll(async () => {
  server = await startTestServer({ LAMBDA_TIMEOUT_MS: "20000" });
  lambdas = lunaHttp(`${server.url}/luna-lambda/1`, account);
});
afterAll(() => server.close());

async function createRunning(code: string, language: "typescript" | "python" = "typescript"): Promise<string> {
  const created = await lambdas("POST", "/lambdas", { name: "debugged", lambda_type: "standalone", language, code });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.lambda_id as string;
  expect((await lambdas("GET", `/lambdas/${id}/status`)).body).toMatchObject({ status: "running" });
  return id;
}

/** A CDP client over the inspector's WebSocket. */
async function connect(url: string) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  let next = 1;
  const waiting = new Map<number, (message: any) => void>();
  const events: ((method: string, params: any) => void)[] = [];
  socket.on("message", (data) => {
    const message = JSON.parse(String(data));
    if (message.id !== undefined) waiting.get(message.id)?.(message);
    else for (const listener of events) listener(message.method, message.params);
  });
  return {
    send(method: string, params: Record<string, unknown> = {}): Promise<any> {
      const id = next++;
      socket.send(JSON.stringify({ id, method, params }));
      return new Promise((resolve) => waiting.set(id, resolve));
    },
    event(method: string): Promise<any> {
      return new Promise((resolve) => events.push((m, p) => m === method && resolve(p)));
    },
    on(method: string, listener: (params: any) => void): void {
      events.push((m, p) => m === method && listener(p));
    },
    close: () => socket.close(),
  };
}

const PAUSING = `
export async function main(request: { json: { n: number } }) {
  const doubled = request.json.n * 2;
  debugger;
  return { doubled };
}`;

describe("debugging a server lambda", () => {
  it("listens on the host's loopback only and pauses the lambda on a debugger statement", async () => {
    const id = await createRunning(PAUSING);
    const started = await lambdas("POST", `/lambdas/${id}/debugger`);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const { websocket_url, devtools_url, port } = started.body as {
      websocket_url: string;
      devtools_url: string;
      port: number;
    };
    expect(websocket_url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${port}/[0-9a-f-]{36}$`));
    expect(devtools_url).toBe(
      `devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws=${websocket_url.slice("ws://".length)}`,
    );
    expect((await lambdas("GET", `/lambdas/${id}/debugger`)).body).toMatchObject({ debugging: true, websocket_url });

    // Not on any other address of this machine.
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === "IPv4" && !a.internal);
    if (outside) {
      const refused = await new Promise<string>((resolve) =>
        net
          .connect(port, outside.address)
          .once("connect", () => resolve("connected"))
          .once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error")),
      );
      expect(refused).toBe("ECONNREFUSED");
    }

    // A DNS-rebound name never reads the target list (Node's inspector checks Host; the relay keeps the header).
    const rebound = await new Promise<number>((resolve, reject) =>
      http
        .get({ host: "127.0.0.1", port, path: "/json/list", headers: { Host: `rebound.example:${port}` } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .once("error", reject),
    );
    expect(rebound).toBe(400);

    const cdp = await connect(websocket_url);
    expect((await cdp.send("Runtime.evaluate", { expression: "6 * 7", returnByValue: true })).result.result.value).toBe(
      42,
    );
    const scripts = new Map<string, { url: string; sourceMapURL: string }>();
    cdp.on("Debugger.scriptParsed", (params) => scripts.set(params.scriptId, params));
    await cdp.send("Debugger.enable");
    const paused = cdp.event("Debugger.paused");
    const reply = lambdas("POST", `/lambdas/${id}/proxy/main`, { n: 21 });
    const { callFrames } = await paused;
    expect(callFrames[0].functionName).toBe("main");
    // The bundle carries its map inline with the TypeScript's text (DevTools cannot read the sandbox's files).
    const script = scripts.get(callFrames[0].location.scriptId)!;
    expect(script.url).toBe("file:///lambda/lambda_main.mjs");
    expect(script.sourceMapURL).toMatch(/^data:application\/json;charset=utf-8;base64,/);
    const map = JSON.parse(Buffer.from(script.sourceMapURL.split(",")[1]!, "base64").toString("utf8"));
    expect([map.sources, map.sourcesContent]).toEqual([["lambda_main.ts"], [PAUSING]]);
    const line = originalPositionFor(new TraceMap(map), {
      line: callFrames[0].location.lineNumber + 1,
      column: callFrames[0].location.columnNumber,
    });
    expect([line.source, line.line]).toEqual(["lambda_main.ts", 4]);
    // The paused frame's own variable, read through the inspector.
    const doubled = await cdp.send("Debugger.evaluateOnCallFrame", {
      callFrameId: callFrames[0].callFrameId,
      expression: "doubled",
      returnByValue: true,
    });
    expect(doubled.result.result.value).toBe(42);
    await cdp.send("Debugger.resume");
    expect((await reply).body).toEqual({ doubled: 42 });
    cdp.close();

    // Off again: a normal process (Node's permission model back on), the port closed.
    expect((await lambdas("DELETE", `/lambdas/${id}/debugger`)).status).toBe(204);
    expect((await lambdas("GET", `/lambdas/${id}/debugger`)).body).toEqual({ lambda_id: id, debugging: false });
    const closed = await new Promise<string>((resolve) =>
      net
        .connect(port, "127.0.0.1")
        .once("connect", () => resolve("connected"))
        .once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error")),
    );
    expect(closed).toBe("ECONNREFUSED");
    expect((await lambdas("POST", `/lambdas/${id}/proxy/main`, { n: 1 })).body).toEqual({ doubled: 2 });
  });

  it("gives a debug lambda no host network, no host writes and the same egress and account rules", async () => {
    const id = await createRunning(`
      // Built-ins through a computed import(), as any lambda can reach them (security.md).
      const builtIn = (name: string): Promise<any> => import(["node", name].join(":"));
      const attempt = async (what: () => unknown) => { try { await what(); return "done"; } catch (e) { return (e as { code?: string }).code ?? String(e); } };
      /** A TCP connect below node:net's guard (no permission model stops process.binding in a debug lambda). */
      const rawConnect = (port: number) => new Promise((resolve) => {
        const { TCP, TCPConnectWrap, constants } = (process as any).binding("tcp_wrap");
        const handle = new TCP(constants.SOCKET);
        const request = new TCPConnectWrap();
        request.oncomplete = (status: number) => { handle.close(); resolve(status); };
        const error = handle.connect(request, "127.0.0.1", port);
        if (error) resolve(error);
      });
      export async function main(request: any) {
        const [os, fs, net] = await Promise.all([builtIn("os"), builtIn("fs"), builtIn("net")]);
        const faces = request.clients.faces.getAddress();
        const spoofed = await fetch(faces + "/faces", {
          method: "POST",
          headers: { "content-type": "application/json", "Luna-Account-Id": request.json.other },
          body: JSON.stringify({ external_id: "made while debugged" }),
        });
        return {
          permissionModel: (process as any).permission !== undefined,
          interfaces: Object.keys(os.networkInterfaces()),
          guardedConnect: await attempt(() => net.connect(request.json.port, "127.0.0.1")),
          rawConnect: await rawConnect(request.json.port),
          writeDebugFolder: await attempt(() => fs.writeFileSync("/debug/planted", "x")),
          lambdaApi: await attempt(async () => { const r = await fetch(faces.replace(/luna-faces.*$/, "luna-lambda/1/lambdas")); return r.status; }),
          spoofedStatus: spoofed.status,
          spoofedFace: (await spoofed.json()).face_id,
        };
      }`);
    const started = await lambdas("POST", `/lambdas/${id}/debugger`);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    // The server's own port: listening on this machine's loopback, unreachable from the lambda's.
    const port = Number(new URL(server.url).port);
    const reply = await lambdas("POST", `/lambdas/${id}/proxy/main`, { port, other: otherAccount });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const seen = reply.body;
    expect(seen.permissionModel).toBe(false); // Node 20's inspector needs it off: the OS walls hold (security.md)
    expect(seen.interfaces).toEqual(["lo"]);
    expect(seen.guardedConnect).toBe("ERR_ACCESS_DENIED");
    expect(seen.rawConnect).toBe(-111); // ECONNREFUSED: nothing listens on the sandbox's own loopback
    expect(seen.writeDebugFolder).toBe("EROFS");
    expect(seen.lambdaApi).not.toBe("done");
    expect(seen.spoofedStatus).toBe(201);
    // The face belongs to the lambda's owner, whatever account the lambda wrote.
    const faces = lunaHttp(`${server.url}/luna-faces/3`, account);
    expect((await faces("GET", `/faces/${seen.spoofedFace}`)).status).toBe(200);
    expect(
      (await lunaHttp(`${server.url}/luna-faces/3`, otherAccount)("GET", `/faces/${seen.spoofedFace}`)).status,
    ).toBe(404);
    await lambdas("DELETE", `/lambdas/${id}`);
  });

  it("is turned on only by the lambda's owner, for TypeScript, from this site", async () => {
    const id = await createRunning(PAUSING);
    const other = lunaHttp(`${server.url}/luna-lambda/1`, otherAccount);
    const foreign = await other("POST", `/lambdas/${id}/debugger`);
    expect([foreign.status, foreign.body.error_code]).toEqual([404, 42001]);
    const crossSite = await lambdas("POST", `/lambdas/${id}/debugger`, undefined, { Origin: "https://evil.example" });
    expect([crossSite.status, crossSite.body.error_code]).toEqual([403, 95071]);
    expect((await lambdas("GET", `/lambdas/${id}/debugger`)).body.debugging).toBe(false);
    const python = await createRunning("async def main(request):\n    return {}\n", "python");
    const refused = await lambdas("POST", `/lambdas/${python}/debugger`);
    expect([refused.status, refused.body.error_code]).toEqual([409, 95065]);
    expect((await lambdas("POST", "/lambdas/not-a-uuid/debugger")).status).toBe(400);
    // Deleting a debugged lambda closes its port.
    const started = await lambdas("POST", `/lambdas/${id}/debugger`);
    expect(started.status).toBe(201);
    expect((await lambdas("DELETE", `/lambdas/${id}`)).status).toBe(204);
    const closed = await new Promise<string>((resolve) =>
      net
        .connect(started.body.port, "127.0.0.1")
        .once("connect", () => resolve("connected"))
        .once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error")),
    );
    expect(closed).toBe("ECONNREFUSED");
  });
});
