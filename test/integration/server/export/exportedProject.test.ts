/**
 * The export, end to end: each seed example is created on the lambda service, run on real photos
 * through proxy/main, downloaded as its archive, unzipped into a fresh folder and installed from
 * the npm registry (`npm install`: dependencies, then the built-in models). There `npm start`
 * serves POST /main and must reproduce every saved reply; `npm test` replays them (and fails when
 * a saved reply is changed); the type declarations, Dockerfile and k8s manifests are checked.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { strToU8, unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { compareReplies, type SavedReply } from "../../../../shared/lambda/replyComparison.ts";
import { photo } from "../../../support/fixtures.ts";
import { seedRequestBody } from "../../../support/lambdaHarness.ts";
import { maskModelFiles } from "../../../support/onnxBuilder.ts";
import { startTestServer, type TestServer } from "../../../support/testServer.ts";

const examples = resolve(import.meta.dirname, "../../../../shared/lambda/examples");
const example = (file: string) => readFileSync(resolve(examples, file), "utf8");
const images = (...names: string[]) => seedRequestBody(names.map((n) => ({ filename: n, body: photo(n) })));

let server: TestServer;
let work: string;
const account = crypto.randomUUID();

beforeAll(async () => {
  server = await startTestServer();
  work = mkdtempSync(join(tmpdir(), "luna-export-"));
});
afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

async function createFromZip(name: string, files: Record<string, Uint8Array>): Promise<string> {
  const response = await fetch(`${server.url}/luna-lambda/1/lambdas?name=${name}`, {
    method: "POST",
    headers: { "Luna-Account-Id": account, "content-type": "application/zip" },
    body: zipSync(files),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { lambda_id: string }).lambda_id;
}

async function runOnService(lambdaId: string, body: Uint8Array): Promise<SavedReply> {
  const response = await fetch(`${server.url}/luna-lambda/1/lambdas/${lambdaId}/proxy/main`, {
    method: "POST",
    headers: { "Luna-Account-Id": account, "content-type": "application/msgpack" },
    body: body as Uint8Array<ArrayBuffer>,
  });
  return { status: response.status, body: await response.json() };
}

/** Downloads the lambda's archive and unzips it under `work`; returns the project folder. */
async function exportTo(lambdaId: string): Promise<string> {
  const response = await fetch(`${server.url}/luna-lambda/1/lambdas/${lambdaId}/archive`, {
    headers: { "Luna-Account-Id": account },
  });
  expect(response.status).toBe(200);
  const target = mkdtempSync(join(work, "unzipped-"));
  for (const [path, bytes] of Object.entries(unzipSync(new Uint8Array(await response.arrayBuffer())))) {
    mkdirSync(dirname(join(target, path)), { recursive: true });
    writeFileSync(join(target, path), bytes);
  }
  const [folder] = readdirSync(target);
  return join(target, folder!);
}

/** Runs a command in the project without blocking this process (the Luna services live here). */
function run(
  project: string,
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd: project,
      env: { ...process.env, npm_config_fund: "false", npm_config_audit: "false", ...env },
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.once("exit", (status) => done({ status, output }));
  });
}
const npm = (project: string, args: string[]) => run(project, "npm", args);

/** `npm start` on a free port; resolves once it listens. */
async function startProject(project: string): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn("npm", ["start"], { cwd: project, env: { ...process.env, PORT: "0" }, detached: true });
  let output = "";
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not listen in 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\/main/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((done) => {
        child.once("exit", () => done());
        process.kill(-child.pid!, "SIGTERM");
      }),
  };
}

/** Every saved request of the project, sent to its POST /main, must give the saved reply. */
async function replayAgainst(project: string, url: string): Promise<number> {
  const dir = join(project, "requests");
  const names = readdirSync(dir).filter((f) => f.endsWith(".msgpack"));
  for (const file of names) {
    const stem = file.replace(/\.msgpack$/, "");
    const headers = JSON.parse(readFileSync(join(dir, `${stem}.headers.json`), "utf8")) as Record<string, string>;
    const saved = JSON.parse(readFileSync(join(dir, `${stem}.reply.json`), "utf8")) as SavedReply;
    const response = await fetch(`${url}/main`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/msgpack" },
      body: readFileSync(join(dir, file)),
    });
    const actual = { status: response.status, body: await response.json() };
    expect(compareReplies(saved, actual), `${project} ${stem}`).toEqual([]);
  }
  return names.length;
}

describe("exported lambda projects", () => {
  it("run each seed example from a fresh folder with npm install && npm start, answering the saved requests identically", async () => {
    const cases: { name: string; files: Record<string, Uint8Array>; requests: Uint8Array[]; expected: number[] }[] = [
      {
        name: "example-1",
        files: { "lambda_main.ts": strToU8(example("01-get-face.ts")) },
        requests: [seedRequestBody([{ filename: "empty.jpeg", body: new Uint8Array() }])],
        expected: [500],
      },
      {
        name: "example-2",
        files: { "lambda_main.ts": strToU8(example("02-emotions.ts")) },
        requests: [images("grace_hopper_512x512.jpg", "astronaut.png")],
        expected: [201],
      },
      {
        name: "example-3",
        files: { "lambda_main.ts": strToU8(example("03-similarity.ts")) },
        requests: [images("franck_01829.jpg", "franck_02683.jpg"), images("franck_01829.jpg")],
        expected: [201, 400],
      },
      {
        name: "example-4",
        files: { "lambda_main.ts": strToU8(example("04-canonical-handler.ts")) },
        requests: [images("grace_hopper_512x512.jpg")],
        expected: [201],
      },
      {
        name: "example-5",
        files: {
          "lambda_main.ts": strToU8(example("05-mask-in-area.ts")),
          ...maskModelFiles(),
        },
        requests: [
          seedRequestBody([
            {
              filename: "group.jpg",
              body: photo("picture.jpg"),
              faceDetectionData: [{ x: 230, y: 0, width: 90, height: 110 }],
            },
          ]),
        ],
        expected: [201],
      },
    ];
    const projects: string[] = [];
    for (const c of cases) {
      const id = await createFromZip(c.name, c.files);
      const statuses = [];
      for (const body of c.requests) statuses.push((await runOnService(id, body)).status);
      expect(statuses, c.name).toEqual(c.expected);
      projects.push(await exportTo(id));
    }

    for (const project of projects) {
      const installed = await npm(project, ["install", "--prefer-offline"]);
      expect(installed.status, installed.output).toBe(0);
      expect(installed.output).toMatch(/fetch-models: (9 model\(s\) installed|all 9 models present)/);
      const running = await startProject(project);
      try {
        const replayed = await replayAgainst(project, running.url);
        expect(replayed).toBeGreaterThan(0);
        // The lambda's own surface: health with every enabled Luna service, and its request metrics.
        const health = await fetch(`${running.url}/healthcheck?include_luna_services=1`);
        expect(await health.json(), project).toMatchObject({
          status: "ok",
          services: { faces: "ok", python_matcher: "ok", remote_sdk: "ok" },
        });
        const metrics = await (await fetch(`${running.url}/metrics`)).text();
        expect(metrics).toMatch(new RegExp(`^request_duration_seconds_count\\{path="/main"\\} ${replayed}$`, "m"));
        expect(metrics).toMatch(/^request_count_total\{path="\/healthcheck",status_code="200"\} 1$/m);
      } finally {
        await running.stop();
      }
    }
    // The user's mask model travelled with example 5.
    expect(existsSync(join(projects[4]!, "models/mask.onnx"))).toBe(true);
  }, 900_000);

  it("npm test replays the saved requests and fails when a saved reply differs; the types, Dockerfile and k8s files hold", async () => {
    const id = await createFromZip("Canonical handler", {
      "lambda_main.ts": strToU8(example("04-canonical-handler.ts")),
    });
    expect((await runOnService(id, images("grace_hopper_512x512.jpg"))).status).toBe(201);
    const project = await exportTo(id);
    const installed = await npm(project, ["install", "--prefer-offline"]);
    expect(installed.status, installed.output).toBe(0);
    // npm 12 readiness: every install script is covered by the project's allowScripts, no unknown config.
    expect(installed.output.split("\n").filter((line) => /^npm warn/i.test(line))).toEqual([]);
    expect(JSON.parse(readFileSync(join(project, "package.json"), "utf8")).allowScripts).toEqual({
      esbuild: true,
      "onnxruntime-node": false,
    });

    const replay = await npm(project, ["test"]);
    expect(replay.status, replay.output).toBe(0);
    expect(replay.output).toMatch(/1 of 1 saved replies reproduced/);
    const typecheck = await run(project, "npx", ["tsc", "--noEmit"]);
    expect(typecheck.status, typecheck.output).toBe(0);

    const replyFile = join(
      project,
      "requests",
      readdirSync(join(project, "requests")).find((f) => f.endsWith(".reply.json"))!,
    );
    const saved = JSON.parse(readFileSync(replyFile, "utf8")) as {
      status: number;
      body: { events: { face_attributes: { basic_attributes: { age: number } } }[] };
    };
    saved.body.events[0]!.face_attributes.basic_attributes.age += 7;
    writeFileSync(replyFile, JSON.stringify(saved));
    const failing = await npm(project, ["test"]);
    expect(failing.status).toBe(1);
    expect(failing.output).toMatch(
      /FAIL run-.*\n\s+body\.events\[0\]\.face_attributes\.basic_attributes\.age: expected/,
    );

    const dockerfile = readFileSync(join(project, "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toMatch(/^EXPOSE 8000$/m);
    for (const [, sources] of dockerfile.matchAll(/^COPY (.+) \S+$/gm)) {
      for (const source of sources!.split(" ").filter((s) => s !== "."))
        expect(existsSync(join(project, source)), source).toBe(true);
    }
    expect(JSON.parse(/^CMD (.+)$/m.exec(dockerfile)![1]!)).toEqual([
      "node",
      "vendor/luna-lambda-runtime.mjs",
      "serve",
      "dist/lambda_main.mjs",
    ]);

    const yaml = (file: string) => {
      const docs = parseAllDocuments(readFileSync(join(project, "k8s", file), "utf8"));
      expect(docs).toHaveLength(1);
      expect(docs[0]!.errors).toEqual([]);
      return docs[0]!.toJS() as Record<string, any>;
    };
    const deployment = yaml("deployment.yaml");
    const service = yaml("service.yaml");
    const config = yaml("configmap.yaml");
    expect([deployment.apiVersion, deployment.kind, service.kind, config.kind]).toEqual([
      "apps/v1",
      "Deployment",
      "Service",
      "ConfigMap",
    ]);
    const container = deployment.spec.template.spec.containers[0];
    expect(container.ports[0].containerPort).toBe(8000);
    expect(container.envFrom[0].configMapRef.name).toBe(config.metadata.name);
    expect(deployment.spec.selector.matchLabels).toEqual(deployment.spec.template.metadata.labels);
    expect(service.spec.selector).toEqual(deployment.spec.template.metadata.labels);
    expect(service.spec.ports[0]).toMatchObject({ port: 8000, targetPort: 8000 });
    expect(JSON.parse(config.data.LUNA_FACES_ADDRESS)).toEqual({ origin: `${server.url}/luna-faces`, api_version: 3 });
    expect(deployment.metadata.name).toBe("canonical-handler");
  }, 600_000);
});
