/**
 * One lambda, four hosts, the same replies (shared/lambda/replyComparison.ts): the server's
 * sandboxed process (proxy/main), Browser · WASM in Chromium (the lambda's zip opened in the
 * playground; seed example 5 with its mask model also on Browser · WebGPU), the unzipped export (`npm install` && `npm start`) and `npm run lambda` — for the
 * seed examples in TypeScript and Python and lambdas of our own: split over a module (TypeScript and
 * Python), one with a route (its route compared on the three HTTP hosts), one standalone.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { strToU8, unzipSync, zipSync } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { compareReplies, type SavedReply } from "../../shared/lambda/replyComparison.ts";
import { createLogger } from "../../server/logger.ts";
import { serveStandaloneLambda } from "../../server/standaloneLambda.ts";
import { chromiumAvailable } from "../support/browser.ts";
import { photo } from "../support/fixtures.ts";
import { seedRequestBody } from "../support/lambdaHarness.ts";
import { maskModelFiles } from "../support/onnxBuilder.ts";
import { playgroundSuite } from "../support/playgroundSuite.ts";

const examples = resolve(import.meta.dirname, "../../shared/lambda/examples");
const example = (file: string) => readFileSync(join(examples, file), "utf8");
const work = mkdtempSync(join(tmpdir(), "luna-parity-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface ParityCase {
  name: string;
  files: Record<string, Uint8Array>;
  type: "handlers" | "standalone";
  body: Uint8Array;
  /** A route to compare too, on the HTTP hosts (the playground runs main). */
  route?: string;
}

const image = (name: string, box?: { x: number; y: number; width: number; height: number }) =>
  seedRequestBody([{ filename: name, body: photo(name), ...(box ? { faceDetectionData: [box] } : {}) }]);
const mask = maskModelFiles();
const groupBox = { x: 230, y: 0, width: 90, height: 110 };

const CASES: ParityCase[] = [
  {
    name: "ts-1",
    files: { "lambda_main.ts": strToU8(example("01-get-face.ts")) },
    type: "handlers",
    body: seedRequestBody([]),
  },
  {
    name: "ts-2",
    files: { "lambda_main.ts": strToU8(example("02-emotions.ts")) },
    type: "handlers",
    body: image("astronaut.png"),
  },
  {
    name: "ts-3",
    files: { "lambda_main.ts": strToU8(example("03-similarity.ts")) },
    type: "handlers",
    body: seedRequestBody(["franck_01829.jpg", "franck_02683.jpg"].map((n) => ({ filename: n, body: photo(n) }))),
  },
  {
    name: "ts-4",
    files: { "lambda_main.ts": strToU8(example("04-canonical-handler.ts")) },
    type: "handlers",
    body: image("grace_hopper_512x512.jpg"),
  },
  {
    name: "ts-5",
    files: { "lambda_main.ts": strToU8(example("05-mask-in-area.ts")), ...mask },
    type: "handlers",
    body: image("picture.jpg", groupBox),
  },
  {
    name: "py-1b",
    files: { "lambda_main.py": strToU8(example("python/01b-get-face-no-raise.py")) },
    type: "handlers",
    body: seedRequestBody([]),
  },
  {
    name: "py-2",
    files: { "lambda_main.py": strToU8(example("python/02-emotions.py")) },
    type: "handlers",
    body: image("astronaut.png"),
  },
  {
    name: "py-5",
    files: { "lambda_main.py": strToU8(example("python/05-mask-in-area.py")), ...mask },
    type: "handlers",
    body: image("picture.jpg", groupBox),
  },
  {
    name: "multi-file",
    files: {
      "lambda_main.ts": strToU8(
        'import { countFaces } from "./lib/faces";\nimport type { HandlersLambdaRequest } from "luna-lambda-tools";\nexport async function main(request: HandlersLambdaRequest) {\n  return { faces: await countFaces(request) };\n}\n',
      ),
      "lib/faces.ts": strToU8(
        'import { BinaryImage, type HandlersLambdaRequest } from "luna-lambda-tools";\n' +
          "export async function countFaces(request: HandlersLambdaRequest): Promise<number> {\n" +
          "  let faces = 0;\n" +
          "  for (const s of request.data.sources) {\n" +
          '    const reply = await request.clients.sdk.sdk({ inputData: new BinaryImage({ filename: s.filename ?? "image", body: s.source.body, mimetype: "image/jpeg" }), detectFace: 1 });\n' +
          "    faces += (reply.json as { images_estimations: { estimations: unknown[] }[] }).images_estimations[0]!.estimations.length;\n" +
          "  }\n" +
          "  return faces;\n" +
          "}\n",
      ),
    },
    type: "handlers",
    body: image("picture.jpg"),
  },
  {
    name: "py-multi-file",
    files: {
      "lambda_main.py": strToU8(
        "from helpers import describe\n\n\nasync def main(request):\n    return describe(request.data.sources)\n",
      ),
      "helpers.py": strToU8(
        'def describe(sources):\n    return {"images": [s.filename for s in sources], "count": len(sources)}\n',
      ),
    },
    type: "handlers",
    body: image("grace_hopper_512x512.jpg"),
  },
  {
    name: "route",
    files: {
      "lambda_main.ts": strToU8(
        'import { LambdaUserHandler, type HandlersLambdaRequest } from "luna-lambda-tools";\nexport class Count extends LambdaUserHandler {\n  async get() { return { counted: Number(this.request.query.n ?? 0) + 1 }; }\n}\nexport const routes = { "/count": Count };\nexport async function main(request: HandlersLambdaRequest) {\n  return { images: request.data.sources.length };\n}\n',
      ),
    },
    type: "handlers",
    body: image("grace_hopper_512x512.jpg"),
    route: "count?n=41",
  },
  {
    name: "standalone",
    files: {
      "lambda_main.ts": strToU8(
        'import type { StandaloneLambdaRequest } from "luna-lambda-tools";\nexport async function main(request: StandaloneLambdaRequest) {\n  const { n } = request.json as { n: number };\n  return { doubled: n * 2, bytes: request.body.length };\n}\n',
      ),
      "lambda.json": strToU8(JSON.stringify({ lambda_type: "standalone" })),
    },
    type: "standalone",
    body: strToU8('{"n": 21}'),
  },
];

const contentType = (c: ParityCase) => (c.type === "handlers" ? "application/msgpack" : "application/json");

async function reply(response: Response): Promise<SavedReply> {
  return { status: response.status, body: await response.json() };
}

function spawnUntil(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  pattern: RegExp,
): Promise<{ match: RegExpExecArray; stop(): Promise<void> }> {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, detached: true });
  let output = "";
  return new Promise((resolveStarted, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${command} ${args.join(" ")} did not start in 120 s:\n${output}`)),
      120_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolveStarted({
        match,
        stop: () =>
          new Promise<void>((done) => {
            child.once("exit", () => done());
            process.kill(-child.pid!, "SIGTERM");
          }),
      });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${command} exited (${code}):\n${output}`)));
  });
}

/** `npm run lambda <folder or zip>`: the one-lambda command, sandboxed like the service, on the playground's services. */
function runLambdaCommand(source: string, servicesOrigin: string) {
  return serveStandaloneLambda({
    source,
    port: 0,
    host: "127.0.0.1",
    servicesOrigin,
    timeoutMs: 60_000,
    memoryMb: 512,
    maxBodyBytes: 64 << 20,
    allowedHosts: [],
    modelsDir: resolve(import.meta.dirname, "../../models"),
    logger: createLogger("error"),
  });
}

describe.runIf(chromiumAvailable())("one lambda, four hosts", () => {
  const playground = playgroundSuite({ webgpu: true });

  it("answers alike on the server, in the browser, in the unzipped export and under npm run lambda", async () => {
    const server = playground.server();
    const account = crypto.randomUUID();
    const headers = { "Luna-Account-Id": account };
    const page = await playground.open();
    let installed: string | null = null;
    const failures: string[] = [];
    let compared = 0;
    for (const c of CASES) {
      const savedRequest =
        c.type === "handlers" ? { [`requests/${c.name}.msgpack`]: c.body } : { [`requests/${c.name}.json`]: c.body };
      const zip = zipSync({ ...c.files, ...savedRequest });
      const zipPath = join(work, `${c.name}.zip`);
      writeFileSync(zipPath, zip);

      // 1. The server's sandboxed process.
      const created = await fetch(`${server.url}/luna-lambda/1/lambdas?name=${c.name}`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/zip" },
        body: zip as Uint8Array<ArrayBuffer>,
      });
      const { lambda_id: id, status } = (await created.json()) as { lambda_id: string; status: string };
      expect(status, c.name).toBe("running");
      const call = (base: string, path = "main", init: RequestInit = {}) =>
        fetch(`${base}/${path}`, {
          method: "POST",
          headers: { ...headers, "content-type": contentType(c) },
          body: c.body as Uint8Array<ArrayBuffer>,
          ...init,
        });
      const serverReply = await reply(await call(`${server.url}/luna-lambda/1/lambdas/${id}/proxy`));
      // Seed example 1 fails by design (500 with the Faces 404); every other case answers.
      expect(serverReply.status >= 300, `${c.name}: ${JSON.stringify(serverReply.body)}`).toBe(c.name === "ts-1");
      const replies: Record<string, SavedReply> = {};
      const routeReplies: Record<string, SavedReply> = {};
      if (c.route)
        routeReplies.server = await reply(
          await fetch(`${server.url}/luna-lambda/1/lambdas/${id}/proxy/${c.route}`, { headers }),
        );

      // 2. Browser · WASM: the same zip opened in the playground (its saved request becomes the images or the body).
      await page.openProject({ name: `${c.name}.zip`, mimeType: "application/zip", buffer: Buffer.from(zip) });
      // Parity is about what the hosts answer: a problem the editor lists is not this test's concern.
      const browser = await page.runAnyway("browser-wasm", false);
      replies.browser = { status: Number(browser.status), body: browser.body };
      // Seed example 5 with the project's mask model also on WebGPU (SwiftShader here: a check of the result, not of speed).
      if (c.name === "ts-5") {
        const webgpu = await page.run("browser-webgpu");
        replies["browser webgpu"] = { status: Number(webgpu.status), body: webgpu.body };
      }

      // 3. npm run lambda: the one-lambda command, sandboxed like the service, on the playground's services.
      const single = await runLambdaCommand(zipPath, server.url);
      try {
        replies["npm run lambda"] = await reply(await call(single.url));
        if (c.route) routeReplies["npm run lambda"] = await reply(await fetch(`${single.url}/${c.route}`, { headers }));
      } finally {
        await single.close();
      }

      // 4. The unzipped export: npm install once, the others share its node_modules (the same runtime and packages).
      const archive = await fetch(`${server.url}/luna-lambda/1/lambdas/${id}/archive`, { headers });
      const unzipped = mkdtempSync(join(work, `${c.name}-`));
      for (const [path, bytes] of Object.entries(unzipSync(new Uint8Array(await archive.arrayBuffer())))) {
        mkdirSync(dirname(join(unzipped, path)), { recursive: true });
        writeFileSync(join(unzipped, path), bytes);
      }
      const python = c.name.startsWith("py-");
      // A TypeScript export is a project folder; a Python one a LUNA Lambda archive with lambda_main.py at its root.
      const project = python ? unzipped : join(unzipped, readdirSync(unzipped)[0]!);
      if (!python) {
        if (installed)
          cpSync(join(installed, "node_modules"), join(project, "node_modules"), {
            recursive: true,
            verbatimSymlinks: true,
          });
        else {
          const install = spawnSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], {
            cwd: project,
            encoding: "utf8",
          });
          expect(install.status, install.stdout + install.stderr).toBe(0);
          installed = project;
        }
        const started = await spawnUntil(
          "npm",
          ["start"],
          project,
          { PORT: "0" },
          /listening on (http:\/\/127\.0\.0\.1:\d+)\/main/,
        );
        try {
          replies.export = await reply(await call(started.match[1]!));
          if (c.route) routeReplies.export = await reply(await fetch(`${started.match[1]}/${c.route}`, { headers }));
        } finally {
          await started.stop();
        }
      } else {
        // A Python export is a LUNA Lambda archive (lambda_main.py at its root): `npm run lambda` serves that folder.
        const served = await runLambdaCommand(project, server.url);
        try {
          replies.export = await reply(await call(served.url));
        } finally {
          await served.close();
        }
      }

      expect(Object.keys(replies).sort(), c.name).toEqual([
        "browser",
        ...(c.name === "ts-5" ? ["browser webgpu"] : []),
        "export",
        "npm run lambda",
      ]);
      for (const [host, actual] of Object.entries(replies)) {
        compared++;
        const differences = compareReplies(serverReply, actual);
        if (differences.length) failures.push(`${c.name} on ${host}: ${differences.join("; ")}`);
      }
      for (const [host, actual] of Object.entries(routeReplies)) {
        const differences = compareReplies({ status: 200, body: { counted: 42 } }, actual);
        if (differences.length) failures.push(`${c.name} route on ${host}: ${differences.join("; ")}`);
      }
    }
    expect(failures).toEqual([]);
    // Every case on the three other hosts, and the route on its three HTTP hosts.
    expect(compared).toBe(CASES.length * 3 + 1);
  }, 1_500_000);
});
