/**
 * A lambda's failures in the user's own terms on the server: stack traces point at lambda_main.ts
 * and its modules by their lines (the bundle's source map), Python tracebacks at lambda_main.py,
 * and no host path (data folder, temp folder, sandbox mounts) reaches a reply or a log line.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedRequestBody } from "../../../support/lambdaHarness.ts";
import { lunaHttp } from "../../../support/drivers.ts";
import { startTestServer, type TestServer } from "../../../support/testServer.ts";

let server: TestServer;
const account = crypto.randomUUID();
let api: ReturnType<typeof lunaHttp>;
beforeAll(async () => {
  server = await startTestServer({ LAMBDA_TIMEOUT_MS: "20000" });
  api = lunaHttp(`${server.url}/luna-lambda/1`, account);
});
afterAll(() => server.close());

async function runOnce(source: Record<string, unknown>) {
  const created = await api("POST", "/lambdas", { name: "errors", ...source });
  expect(created.body.status, JSON.stringify(created.body)).toBe("running");
  const id = created.body.lambda_id as string;
  const response = await fetch(`${server.url}/luna-lambda/1/lambdas/${id}/proxy/main`, {
    method: "POST",
    headers: { "Luna-Account-Id": account, "content-type": "application/msgpack" },
    body: seedRequestBody([]) as Uint8Array<ArrayBuffer>,
  });
  const reply = { status: response.status, body: (await response.json()) as Record<string, any> };
  const logs = (
    (
      await api(
        "GET",
        `/lambdas/${id}/logs?request_id=${encodeURIComponent(response.headers.get("luna-request-id") ?? "")}`,
      )
    ).body.logs as { message: string }[]
  )
    .map((l) => l.message)
    .join("\n");
  return { reply, logs };
}

function expectNoHostPaths(text: string) {
  expect(text).not.toContain(server.dataDir);
  expect(text.match(/\/tmp\/|\/lambda\/|\/runtime\/|file:\/\/|\.mjs/)?.[0] ?? null, text).toBeNull();
}

describe("lambda errors on the server", () => {
  it("points a TypeScript throw at its line in lambda_main.ts and in the module it came from", async () => {
    const { reply, logs } = await runOnce({
      code: `import { check } from "./lib/checks";\nexport async function main() {\n  check(1);\n  throw new Error("line four");\n}\n`,
      modules: {
        "lib/checks.ts": `export function check(n: number): void {\n  if (n > 1) throw new Error("too big");\n}\n`,
      },
    });
    expect([reply.status, reply.body.error_code, reply.body.detail]).toEqual([500, 42004, "line four"]);
    expect(logs).toMatch(/at main \(lambda_main\.ts:4:9\)/);
    expectNoHostPaths(JSON.stringify(reply.body) + logs);

    const fromModule = await runOnce({
      code: `import { check } from "./lib/checks";\nexport async function main() {\n  check(2);\n  return {};\n}\n`,
      modules: {
        "lib/checks.ts": `export function check(n: number): void {\n  if (n > 1) throw new Error("too big");\n}\n`,
      },
    });
    expect(fromModule.reply.body.detail).toBe("too big");
    expect(fromModule.logs).toMatch(/lib\/checks\.ts:2:20/);
    expect(fromModule.logs).toMatch(/lambda_main\.ts:3:3/);
    expectNoHostPaths(fromModule.logs);
  });

  it("runs a Python lambda split over lambda_main.py and a module, and its traceback names lambda_main.py", async () => {
    const ok = await runOnce({
      language: "python",
      code: `from helpers import double\n\nasync def main(request):\n    return {"doubled": double(21)}\n`,
      modules: { "helpers.py": `def double(n):\n    return n * 2\n` },
    });
    expect([ok.reply.status, ok.reply.body]).toEqual([201, { doubled: 42 }]);

    const failing = await runOnce({
      language: "python",
      code: `from helpers import fail\n\nasync def main(request):\n    fail()\n`,
      modules: { "helpers.py": `def fail():\n    raise ValueError("from the module")\n` },
    });
    expect([failing.reply.status, failing.reply.body.detail]).toEqual([500, "ValueError: from the module"]);
    expect(failing.logs).toMatch(/File "lambda_main\.py", line 4, in main/);
    expect(failing.logs).toMatch(/File "helpers\.py", line 2, in fail/);
    expect(failing.logs).not.toMatch(/\/luna\/lambda\//);
    expectNoHostPaths(failing.logs);
  });
});
