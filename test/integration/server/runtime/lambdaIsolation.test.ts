/**
 * Escape attempts from inside lambdas, through the lambda service's API only (as an attacker
 * would): each must fail, and the server and other lambdas must keep serving. The server here
 * runs lambdas in bubblewrap (.ci/run installs it), which /healthcheck must report.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lunaHttp } from "../../../support/drivers.ts";
import { startTestServer, type TestServer } from "../../../support/testServer.ts";

let server: TestServer;
const account = crypto.randomUUID();
const otherAccount = crypto.randomUUID();
let lambdas: ReturnType<typeof lunaHttp>;

beforeAll(async () => {
  server = await startTestServer({ LAMBDA_TIMEOUT_MS: "10000", LAMBDA_MEMORY_MB: "128" });
  lambdas = lunaHttp(`${server.url}/luna-lambda/1`, account);
});
afterAll(() => server.close());

async function create(code: string, name = "escape", language: "typescript" | "python" = "typescript") {
  return lambdas("POST", "/lambdas", { name, lambda_type: "standalone", language, code });
}

async function createRunning(code: string, language: "typescript" | "python" = "typescript"): Promise<string> {
  const created = await create(code, "escape", language);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.lambda_id as string;
  const status = await lambdas("GET", `/lambdas/${id}/status`);
  expect(status.body, JSON.stringify(status.body)).toMatchObject({ status: "running" });
  return id;
}

const call = (id: string, body: unknown = {}) => lambdas("POST", `/lambdas/${id}/proxy/main`, body);

async function serverStillServes(): Promise<void> {
  const health = await fetch(`${server.url}/healthcheck`);
  expect(health.status).toBe(200);
}

describe("lambda isolation", () => {
  it("runs lambdas in bubblewrap and says so", async () => {
    const health = (await (await fetch(`${server.url}/healthcheck`)).json()) as { lambda_sandbox: { kind: string } };
    expect(health.lambda_sandbox.kind).toBe("bubblewrap");
  });

  it("cannot signal the server, its parent or any other process", async () => {
    const id = await createRunning(`
      export async function main(request: { json: { serverPid: number } }) {
        const attempt = (pid: number, signal: NodeJS.Signals | 0) => { try { process.kill(pid, signal); return "sent"; } catch (e) { return (e as { code: string }).code; } };
        return { server: attempt(request.json.serverPid, 0), serverStop: attempt(request.json.serverPid, "SIGSTOP"), pid: process.pid };
      }`);
    const reply = await call(id, { serverPid: process.pid });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(["ESRCH", "EPERM"]).toContain(reply.body.server);
    expect(["ESRCH", "EPERM"]).toContain(reply.body.serverStop);
    // Its own PID namespace: it is a low number there, never the server's view of it.
    expect(reply.body.pid).toBeLessThan(10);

    const parentKiller = await createRunning(`
      export async function main() { process.kill(process.ppid, "SIGSTOP"); process.kill(process.ppid, "SIGKILL"); return { survived: true }; }`);
    const killed = await call(parentKiller);
    // Killing its own sandbox's init ends only the lambda; stopping it stops nothing of the server's.
    expect([200, 500]).toContain(killed.status);
    await serverStillServes();
    expect((await call(id, { serverPid: process.pid })).status).toBe(200);
  });

  it("cannot hold 2 GiB of Buffers: the process is stopped and the next request gets a fresh one", async () => {
    const id = await createRunning(`
      const keep: Buffer[] = [];
      export async function main(request: { json: { mode: string } }) {
        if (request.json.mode === "grab") for (let i = 0; i < 16; i++) (globalThis as any).kept = keep.push(Buffer.alloc(128 << 20, 1));
        return { held: keep.length };
      }`);
    const grabbed = await call(id, { mode: "grab" });
    expect(grabbed.status).toBe(500);
    expect(grabbed.body.detail).toMatch(/ran out of memory/);
    const fresh = await call(id, { mode: "count" });
    expect(fresh.body).toEqual({ held: 0 });
    await serverStillServes();
  });

  it("refuses, at creation, imports of anything but the lambda's own files", async () => {
    const victim = await createRunning(`export async function main() { return { secret: "victim-source-7f3a" }; }`);
    const attempts = [
      `import t from "/etc/passwd" with { type: "text" }; export async function main() { return { t }; }`,
      `import t from "/proc/self/environ" with { type: "bytes" }; export async function main() { return { n: t.length }; }`,
      `import t from "../../${victim}/src/lambda_main.ts" with { type: "text" }; export async function main() { return { t }; }`,
      `import fs from "node:fs"; export async function main() { return { n: fs.readdirSync("/").length }; }`,
      `import { z } from "zod"; export async function main() { return { z: typeof z }; }`,
    ];
    for (const code of attempts) {
      const created = await create(code);
      expect(created.status, code).toBe(400);
      expect(created.body.detail).toMatch(/import ".+" is not allowed/);
    }
    // A glob import can only ever match the lambda's own files: another lambda's source never reaches the bundle.
    const glob = await createRunning(`
      export async function main(request: { json: { x: string } }) {
        try { return { text: (await import(\`../../\${request.json.x}/src/lambda_main.ts\`, { with: { type: "text" } })).default }; }
        catch (e) { return { refused: String(e) }; }
      }`);
    const globbed = await call(glob, { x: victim });
    expect(JSON.stringify(globbed.body)).not.toContain("victim-source-7f3a");
  });

  it("cannot listen, connect to a local port, bind UDP or reach past the host", async () => {
    const port = new URL(server.url).port;
    const id = await createRunning(`
      const attempt = async (f: () => unknown) => { try { await f(); return "allowed"; } catch (e) { return (e as { code?: string }).code ?? String(e); } };
      export async function main() {
        // Built-ins are no import a build accepts; at run time a computed import reaches them, and the walls hold.
        const net = await import(["node", "net"].join(":"));
        const dgram = await import(["node", "dgram"].join(":"));
        return {
          listen: await attempt(() => new Promise((ok, fail) => { const s = net.createServer(); s.on("error", fail); s.listen(0, "127.0.0.1", () => ok(s)); })),
          connect: await attempt(() => new Promise((ok, fail) => { const c = net.connect(${port}, "127.0.0.1"); c.on("error", fail); c.on("connect", ok); })),
          udp: await attempt(() => new Promise((ok, fail) => { const u = dgram.createSocket("udp4"); u.on("error", fail); u.bind(0, () => ok(u)); })),
          binding: await attempt(() => (process as any).binding("tcp_wrap")),
          otherHost: await attempt(() => fetch("http://127.0.0.2:${port}/healthcheck")),
          lambdaApi: await attempt(() => fetch("http://127.0.0.1:${port}/luna-lambda/1/lambdas").then((r) => { if (r.status < 400) throw Object.assign(new Error(), { code: "allowed" }); })),
        };
      }`);
    const reply = await call(id);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    for (const [what, outcome] of Object.entries(reply.body)) expect(outcome, what).not.toBe("allowed");
    expect(reply.body.listen).toBe("ERR_ACCESS_DENIED");
    expect(reply.body.connect).toBe("ERR_ACCESS_DENIED");
    expect(reply.body.udp).toBe("ERR_ACCESS_DENIED");
  });

  it("acts only as its own account, whatever headers it writes", async () => {
    const faces = lunaHttp(`${server.url}/luna-faces/3`, otherAccount);
    const theirs = (await faces("POST", "/faces", { external_id: "not-yours" })).body.face_id as string;
    const id = await createRunning(`
      export async function main(request: { json: { origin: string; faceId: string; victim: string } }) {
        const as = { "Luna-Account-Id": request.json.victim };
        const list = await (await fetch(\`\${request.json.origin}/luna-faces/3/faces\`, { headers: as })).json();
        const read = (await fetch(\`\${request.json.origin}/luna-faces/3/faces/\${request.json.faceId}\`, { headers: as })).status;
        const removed = (await fetch(\`\${request.json.origin}/luna-faces/3/faces/\${request.json.faceId}\`, { method: "DELETE", headers: as })).status;
        const viaClient = (await (request as any).clients.faces.getFace({ faceId: request.json.faceId, raiseError: false })).statusCode;
        return { count: list.count, read, removed, viaClient };
      }`);
    const reply = await call(id, { origin: server.url, faceId: theirs, victim: otherAccount });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body).toEqual({ count: 0, read: 404, removed: 404, viaClient: 404 });
    expect((await faces("GET", `/faces/${theirs}`)).status).toBe(200);
  });

  it("cannot keep a CPU busy after answering: the process is stopped, logged, and replaced", async () => {
    const id = await createRunning(`
      let calls = 0;
      export async function main() {
        calls++;
        if (calls === 1) setTimeout(() => { const end = Date.now() + 120_000; while (Date.now() < end) {} }, 1);
        return { calls };
      }`);
    expect((await call(id)).body).toEqual({ calls: 1 });
    await expect
      .poll(
        async () =>
          ((await lambdas("GET", `/lambdas/${id}/logs`)).body.logs as { message: string }[]).some((l) =>
            /kept a CPU busy after answering/.test(l.message),
          ),
        { timeout: 20_000, interval: 200 },
      )
      .toBe(true);
    // A fresh process answers (its counter starts again).
    expect((await call(id)).body).toEqual({ calls: 1 });
  });

  it("has its engine calls' arguments checked like an /sdk request's", async () => {
    const id = await createRunning(`
      import { engine } from "luna-lambda-tools";
      const attempt = async (f: () => Promise<unknown>) => { try { await f(); return "allowed"; } catch (e) { return String((e as Error).message); } };
      export async function main() {
        return {
          notBytes: await attempt(() => engine.detectFaces({ image: "not bytes" as unknown as Uint8Array })),
          badArea: await attempt(() => engine.detectFaces({ image: new Uint8Array([1]), area: { x: 0, y: 0, width: -5, height: 1 } })),
          badWarp: await attempt(() => engine.warp({ image: new Uint8Array([1]), detection: { rect: { x: 0, y: 0, width: 1, height: 1 }, score: 1, landmarks5: [] } })),
          unknown: await attempt(() => (engine as any).detectFaces.call(null, {})),
        };
      }`);
    const reply = await call(id);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.notBytes).toMatch(/engine\.detectFaces: image/);
    expect(reply.body.badArea).toMatch(/engine\.detectFaces: area\.width/);
    expect(reply.body.badWarp).toMatch(/engine\.warp: detection\.landmarks5/);
    expect(reply.body.unknown).toMatch(/engine\.detectFaces: image/);
  });

  it("gets no engine calls or HTTP served once idle after its reply (a short grace excepted)", async () => {
    // The one fixed delay left in the suite: the rule under test is a clock (2 s of grace after a
    // reply), so only a call made later than that (3 s, inside the lambda) can show it is refused.
    const id = await createRunning(`
      import { engine, logger } from "luna-lambda-tools";
      export async function main(request: { json: { origin: string } }) {
        const outcome = (what: string) => (r: unknown) => logger.info(\`late \${what}: \${r instanceof Error ? r.message : "served"}\`);
        setTimeout(() => {
          fetch(\`\${request.json.origin}/luna-faces/3/faces\`).then(outcome("fetch"), outcome("fetch"));
          engine.detectFaces({ image: new Uint8Array([1, 2, 3]) }).then(outcome("engine"), outcome("engine"));
        }, 3000);
        return { armed: true };
      }`);
    expect((await call(id, { origin: server.url })).body).toEqual({ armed: true });
    const late = async () =>
      ((await lambdas("GET", `/lambdas/${id}/logs`)).body.logs as { message: string }[])
        .map((l) => l.message)
        .filter((m) => m.startsWith("late "));
    await expect.poll(async () => (await late()).length, { timeout: 15_000, interval: 250 }).toBe(2);
    for (const line of await late())
      expect(line).toMatch(/served while it starts, while it handles a request and 2 s after its reply/);
  });

  it("keeps a log flood to bounded lines and bytes, and frees a deleted lambda's logs", async () => {
    const id = await createRunning(`
      import { logger } from "luna-lambda-tools";
      export async function main() {
        for (let i = 0; i < 12; i++) logger.info("a".repeat(4 << 20));
        for (let i = 0; i < 3000; i++) console.log("line " + i);
        return { done: true };
      }`);
    expect((await call(id)).body).toEqual({ done: true });
    // Past 200 lines a second the rest are dropped and counted.
    await expect
      .poll(
        async () =>
          ((await lambdas("GET", `/lambdas/${id}/logs`)).body.logs as { message: string }[]).some((l) =>
            /log lines dropped/.test(l.message),
          ),
        { timeout: 10_000 },
      )
      .toBe(true);
    const logs = await lambdas("GET", `/lambdas/${id}/logs`);
    expect(logs.status).toBe(200);
    const lines = logs.body.logs as { message: string }[];
    expect(lines.length).toBeLessThanOrEqual(1000);
    expect(Math.max(...lines.map((l) => l.message.length))).toBeLessThan(9 * 1024);
    expect(lines.some((l) => /… \[truncated: the line had 4194304 characters\]$/.test(l.message))).toBe(true);
    expect(lines.reduce((sum, l) => sum + l.message.length, 0)).toBeLessThanOrEqual(1024 * 1024);
    expect((await lambdas("DELETE", `/lambdas/${id}`)).status).toBe(204);
    expect(server.context.lambdas.host.logs(id)).toEqual([]);
  });

  it("fails a pathological source within its caps, never leaving the lambda waiting", async () => {
    const nested = `export const x = ${"[".repeat(100_000)}${"]".repeat(100_000)}; export async function main() { return {}; }`;
    const created = await create(nested);
    if (created.status === 201) {
      const status = await lambdas("GET", `/lambdas/${created.body.lambda_id}/status`);
      expect(["running", "failed"]).toContain(status.body.status);
    } else expect(created.status).toBe(400);
    const python = await create(
      `x = ${"not ".repeat(100_000)}1\nasync def main(request):\n    return {}\n`,
      "deep",
      "python",
    );
    expect(python.status).toBe(201);
    const status = await lambdas("GET", `/lambdas/${python.body.lambda_id}/status`);
    expect(status.body.status).toBe("failed");
    expect(status.body.errors[0].text.length).toBeGreaterThan(0);
    await serverStillServes();
  });

  it("gives Python lambdas no more power: no signals, no network past the host, no host files", async () => {
    const port = new URL(server.url).port;
    const id = await createRunning(
      `import js

async def main(request):
    out = {}
    try:
        js.process.kill(${process.pid}, 0)
        out["kill"] = "allowed"
    except Exception as e:
        out["kill"] = str(e)
    try:
        await js.fetch("http://127.0.0.2:${port}/healthcheck")
        out["fetch"] = "allowed"
    except Exception as e:
        out["fetch"] = str(e)
    try:
        out["passwd"] = open("/etc/passwd").read()
    except Exception as e:
        out["files"] = str(e)
    return out
`,
      "python",
    );
    const reply = await call(id);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(reply.body.kill).toMatch(/ESRCH|EPERM/);
    expect(reply.body.fetch).toMatch(/not reachable from a lambda/);
    expect(reply.body.passwd).toBeUndefined();

    // Mounting the machine's root through Pyodide's NODEFS: the permission model refuses the read
    // (the process may die of it), and bubblewrap's root holds nothing of the machine anyway.
    const mounter = await createRunning(
      `import js
import pyodide_js

async def main(request):
    fs = pyodide_js.FS
    fs.mkdir("/host")
    fs.mount(fs.filesystems.NODEFS, js.Object.fromEntries([["root", "/"]]), "/host")
    return {"listing": ",".join(fs.readdir("/host")), "passwd": open("/host/etc/passwd").read()}
`,
      "python",
    );
    const mounted = await call(mounter);
    expect(mounted.status).toBe(500);
    expect(JSON.stringify(mounted.body)).not.toMatch(/root:x:0:0/);
    await serverStillServes();
  });
});

describe("where no OS sandbox can start", () => {
  it("gives a Python lambda's synchronous engine pipe no more power: unknown operations and bad arguments are refused, the process keeps serving", async () => {
    const id = await createRunning(
      `from _luna_bridge import engine_call_sync
from luna_lambda_tools._convert import to_javascript


async def main(request):
    out = {}
    for name, operation, args in [("unknown", "readFile", {"path": "/etc/passwd"}), ("badArgs", "detectFaces", {"image": "not bytes"})]:
        try:
            engine_call_sync(operation, to_javascript(args))
            out[name] = "allowed"
        except Exception as e:
            out[name] = str(e)
    return out
`,
      "python",
    );
    for (let i = 0; i < 2; i++) {
      const reply = await call(id);
      expect(reply.status, JSON.stringify(reply.body)).toBe(200);
      expect(reply.body.unknown).toMatch(/the engine has no operation 'readFile'/);
      expect(reply.body.badArgs).toMatch(/image/);
      expect(reply.body.badArgs).not.toBe("allowed");
    }
  });

  it("says so, still runs lambdas under the permission model, and refuses them with LAMBDA_SANDBOX=required", async () => {
    const missing = "/nonexistent/bwrap";
    const fallback = await startTestServer({ LAMBDA_BWRAP: missing });
    try {
      const health = (await (await fetch(`${fallback.url}/healthcheck`)).json()) as {
        lambda_sandbox: { kind: string; detail: string; required: boolean };
      };
      expect(health.lambda_sandbox).toMatchObject({
        kind: "none",
        required: false,
        detail: expect.stringContaining(missing),
      });
      const api = lunaHttp(`${fallback.url}/luna-lambda/1`, account);
      const created = await api("POST", "/lambdas", {
        name: "seat-belt",
        lambda_type: "standalone",
        code: `export async function main() { return { ok: true }; }`,
      });
      expect((await api("POST", `/lambdas/${created.body.lambda_id}/proxy/main`, {})).body).toEqual({ ok: true });
    } finally {
      await fallback.close();
    }
    const strict = await startTestServer({ LAMBDA_BWRAP: missing, LAMBDA_SANDBOX: "required" });
    try {
      const api = lunaHttp(`${strict.url}/luna-lambda/1`, account);
      const refused = await api("POST", "/lambdas", {
        name: "refused",
        lambda_type: "standalone",
        code: `export async function main() { return {}; }`,
      });
      expect([refused.status, refused.body.error_code]).toEqual([503, 95099]);
      expect(refused.body.detail).toContain(missing);
    } finally {
      await strict.close();
    }
  });
});

describe("lambda processes alive at once", () => {
  it("stops the least recently used idle process past LAMBDA_MAX_PROCESSES, and starts it again on its next request", async () => {
    const capped = await startTestServer({ LAMBDA_MAX_PROCESSES: "2" });
    try {
      const api = lunaHttp(`${capped.url}/luna-lambda/1`, account);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const created = await api("POST", "/lambdas", {
          name: `p${i}`,
          lambda_type: "standalone",
          code: `let n = 0; export async function main() { return { lambda: ${i}, calls: ++n }; }`,
        });
        ids.push(created.body.lambda_id as string);
      }
      for (const [i, id] of ids.entries())
        expect((await api("POST", `/lambdas/${id}/proxy/main`, {})).body).toEqual({ lambda: i, calls: 1 });
      const firstLogs = (await api("GET", `/lambdas/${ids[0]}/logs`)).body.logs as { message: string }[];
      expect(
        firstLogs.some((l) => /stopped to make room for another lambda \(LAMBDA_MAX_PROCESSES=2\)/.test(l.message)),
      ).toBe(true);
      // A fresh process: its counter starts again; the second lambda's process was kept.
      expect((await api("POST", `/lambdas/${ids[0]}/proxy/main`, {})).body).toEqual({ lambda: 0, calls: 1 });
      expect((await api("POST", `/lambdas/${ids[2]}/proxy/main`, {})).body).toEqual({ lambda: 2, calls: 2 });
      // Three at once with room for two: the third waits for a process to go idle, then takes its place.
      const together = await Promise.all(ids.map((id) => api("POST", `/lambdas/${id}/proxy/main`, {})));
      expect(together.map((r) => [r.status, r.body.lambda])).toEqual([
        [200, 0],
        [200, 1],
        [200, 2],
      ]);
      expect(capped.context.lambdas.host.processCount()).toBeLessThanOrEqual(2);
    } finally {
      await capped.close();
    }
  });
});

describe("lambda isolation behind an access token", () => {
  it("forwards a lambda's service calls with the server's token, which the lambda never sees", async () => {
    const token = "lambda-isolation-test-token-0123456789";
    const guarded = await startTestServer({ AUTH_TOKEN: token });
    try {
      const headers = {
        authorization: `Bearer ${token}`,
        "Luna-Account-Id": account,
        "content-type": "application/json",
      };
      const code = `export async function main(request: any) {
        const reply = await request.clients.faces.getFace({ faceId: "${crypto.randomUUID()}", raiseError: false });
        return { status: reply.statusCode, sawToken: JSON.stringify(request.headers).includes("${token.slice(0, 12)}") };
      }`;
      const created = await fetch(`${guarded.url}/luna-lambda/1/lambdas`, {
        method: "POST",
        headers,
        body: JSON.stringify({ name: "token", lambda_type: "standalone", code }),
      });
      expect(created.status).toBe(201);
      const { lambda_id } = (await created.json()) as { lambda_id: string };
      const reply = await fetch(`${guarded.url}/luna-lambda/1/lambdas/${lambda_id}/proxy/main`, {
        method: "POST",
        headers,
        body: "{}",
      });
      expect(await reply.json()).toEqual({ status: 404, sawToken: false });
    } finally {
      await guarded.close();
    }
  });
});
