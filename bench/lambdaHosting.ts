/**
 * Bench of how the playground hosts a server lambda, each comparison in one run:
 * - click → reply for the blank template on the Server target: before, every run created the
 *   lambda, polled its status every 50 ms, called proxy/main, read its logs and deleted it; now the
 *   kept lambda answers one proxy/main call and one read of that request's log lines;
 * - concurrent clients of one lambda: LAMBDA_CONCURRENCY=1 (one request at a time, as before)
 *   against the default 16, for a trivial lambda and for seed example 2 on a real photo.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { photo } from "../test/support/fixtures.ts";
import { seedRequestBody } from "../test/support/lambdaHarness.ts";
import { startTestServer, type TestServer } from "../test/support/testServer.ts";
import { median, ms, percentile } from "./stats.ts";

const CLICKS = Number(process.env.BENCH_CLICKS ?? 20);
const TRIVIAL_REQUESTS = Number(process.env.BENCH_TRIVIAL_REQUESTS ?? 400);
const EMOTION_REQUESTS = Number(process.env.BENCH_EMOTION_REQUESTS ?? 48);

const BLANK = `import { HandlersLambdaRequest, logger } from "luna-lambda-tools";

export async function main(request: HandlersLambdaRequest): Promise<Record<string, unknown>> {
  logger.info("images:", request.data.sources.length);
  return { images: request.data.sources.map((s) => s.filename) };
}
`;
const TRIVIAL = `export async function main() { return { ok: true }; }\n`;
const example = (file: string) => readFileSync(resolve(import.meta.dirname, "../shared/lambda/examples", file), "utf8");

function client(server: TestServer, account: string) {
  const base = `${server.url}/luna-lambda/1`;
  const headers = { "Luna-Account-Id": account };
  return {
    async create(code: string): Promise<string> {
      const response = await fetch(`${base}/lambdas`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ name: "bench", code }),
      });
      if (response.status !== 201) throw new Error(`create: HTTP ${response.status} ${await response.text()}`);
      return ((await response.json()) as { lambda_id: string }).lambda_id;
    },
    async status(id: string): Promise<string> {
      return ((await (await fetch(`${base}/lambdas/${id}/status`, { headers })).json()) as { status: string }).status;
    },
    async main(id: string, body: Uint8Array): Promise<Response> {
      const response = await fetch(`${base}/lambdas/${id}/proxy/main`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/msgpack" },
        body: body as Uint8Array<ArrayBuffer>,
      });
      if (response.status >= 300) throw new Error(`proxy/main: HTTP ${response.status} ${await response.text()}`);
      await response.arrayBuffer();
      return response;
    },
    async logs(id: string, requestId?: string): Promise<void> {
      await (
        await fetch(`${base}/lambdas/${id}/logs${requestId ? `?request_id=${encodeURIComponent(requestId)}` : ""}`, {
          headers,
        })
      ).arrayBuffer();
    },
    async delete(id: string): Promise<void> {
      await (await fetch(`${base}/lambdas/${id}`, { method: "DELETE", headers })).arrayBuffer();
    },
  };
}

async function clickToReply(lines: string[]): Promise<void> {
  const server = await startTestServer({ LOG_LEVEL: "error" });
  try {
    const api = client(server, crypto.randomUUID());
    const body = seedRequestBody([{ filename: "grace_hopper_512x512.jpg", body: photo("grace_hopper_512x512.jpg") }]);
    // Before: the sequence web/api/lambdaService.ts ran for every click until the kept lambda.
    const before = async () => {
      const id = await api.create(BLANK);
      while ((await api.status(id)) === "waiting") await new Promise((r) => setTimeout(r, 50));
      await api.main(id, body);
      await api.logs(id);
      await api.delete(id);
    };
    const kept = await api.create(BLANK);
    const after = async () => {
      const response = await api.main(kept, body);
      await api.logs(kept, response.headers.get("luna-request-id") ?? undefined);
    };
    await before();
    await after();
    const timesBefore: number[] = [];
    const timesAfter: number[] = [];
    // Alternating, so both see the same machine state.
    for (let i = 0; i < CLICKS; i++) {
      let started = performance.now();
      await before();
      timesBefore.push(performance.now() - started);
      started = performance.now();
      await after();
      timesAfter.push(performance.now() - started);
    }
    const b = median(timesBefore);
    const a = median(timesAfter);
    lines.push("## Server lambda hosting", "", "### Server run: click → reply (blank template)", "");
    lines.push(
      `The HTTP a Server run makes, on grace_hopper_512x512.jpg, ${CLICKS} clicks each, alternating. Before: create, status every 50 ms, ` +
        "proxy/main, logs, delete — a build and a process start per click. After: the kept lambda's proxy/main and that request's log lines " +
        "(the page creates or updates it only when the code or files change).",
      "",
    );
    lines.push("| flow | HTTP calls | p50 | p90 |", "|---|---:|---:|---:|");
    lines.push(`| before: a new lambda per click | 5 + polls | ${ms(b)} | ${ms(percentile(timesBefore, 90))} |`);
    lines.push(`| after: the kept lambda | 2 | ${ms(a)} | ${ms(percentile(timesAfter, 90))} |`);
    lines.push("", `Click → reply: ${ms(b)} → ${ms(a)} ms (${(b / a).toFixed(1)}× faster).`, "");
  } finally {
    await server.close();
  }
}

async function load(
  call: () => Promise<unknown>,
  requests: number,
  concurrency: number,
): Promise<{ rate: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < requests) {
        const t = performance.now();
        await call();
        latencies.push(performance.now() - t);
      }
    }),
  );
  return {
    rate: (requests / (performance.now() - started)) * 1000,
    p50: median(latencies),
    p99: percentile(latencies, 99),
  };
}

async function concurrency(lines: string[]): Promise<void> {
  const levels = [1, 4, 16];
  const rows: string[] = [];
  const servers = {
    before: await startTestServer({ LOG_LEVEL: "error", LAMBDA_CONCURRENCY: "1" }),
    after: await startTestServer({ LOG_LEVEL: "error" }),
  };
  try {
    const cases = [
      { name: "trivial lambda", code: TRIVIAL, body: seedRequestBody([]), requests: TRIVIAL_REQUESTS },
      {
        name: "seed example 2 (emotions, grace_hopper)",
        code: example("02-emotions.ts"),
        body: seedRequestBody([{ filename: "grace_hopper_512x512.jpg", body: photo("grace_hopper_512x512.jpg") }]),
        requests: EMOTION_REQUESTS,
      },
    ];
    for (const c of cases) {
      const apis = {
        before: client(servers.before, crypto.randomUUID()),
        after: client(servers.after, crypto.randomUUID()),
      };
      const ids = { before: await apis.before.create(c.code), after: await apis.after.create(c.code) };
      for (const side of ["before", "after"] as const)
        for (let i = 0; i < 5; i++) await apis[side].main(ids[side], c.body);
      for (const level of levels) {
        const before = await load(() => apis.before.main(ids.before, c.body), c.requests, level);
        const after = await load(() => apis.after.main(ids.after, c.body), c.requests, level);
        rows.push(
          `| ${c.name} | ${level} | ${before.rate.toFixed(1)} → ${after.rate.toFixed(1)} | ${ms(before.p50)} → ${ms(after.p50)} | ${ms(before.p99)} → ${ms(after.p99)} |`,
        );
      }
    }
  } finally {
    await servers.before.close();
    await servers.after.close();
  }
  lines.push("### One lambda, concurrent clients", "");
  lines.push(
    "`POST proxy/main` from N concurrent clients of one lambda, LAMBDA_CONCURRENCY=1 (one request at a time per process, as before) → " +
      `the default 16, same run. Trivial lambda ${TRIVIAL_REQUESTS} requests, example 2 ${EMOTION_REQUESTS} per level. ` +
      "Example 2's engine work stays one call at a time per lambda (the inference core's bound), so only its waiting overlaps.",
    "",
  );
  lines.push(
    "| lambda | clients | req/s before → after | p50 before → after | p99 before → after |",
    "|---|---:|---:|---:|---:|",
    ...rows,
    "",
  );
}

export async function benchLambdaHosting(lines: string[]): Promise<void> {
  await clickToReply(lines);
  await concurrency(lines);
}
