/**
 * Bench of the lambda path: `POST /luna-lambda/1/lambdas/{id}/proxy/main` for a trivial lambda
 * (HTTP → route → sandboxed process over IPC → back) next to an Express hello-world on the same
 * machine, in the same run.
 */
import express from "express";
import type { AddressInfo } from "node:net";
import { startTestServer } from "../support/testServer.ts";
import { median, ms, percentile } from "./stats.ts";

const REQUESTS = Number(process.env.BENCH_LAMBDA_REQUESTS ?? 1000);

async function load(url: string, headers: Record<string, string>, concurrency: number): Promise<{ rate: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  let next = 0;
  const body = JSON.stringify({ hello: "world" });
  const call = async () => {
    const started = performance.now();
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });
    if (response.status >= 300) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    return performance.now() - started;
  };
  for (let i = 0; i < 20; i++) await call();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < REQUESTS) latencies.push(await call());
    }),
  );
  return { rate: (REQUESTS / (performance.now() - started)) * 1000, p50: median(latencies), p99: percentile(latencies, 99) };
}

export async function benchLambda(lines: string[]): Promise<void> {
  const hello = express();
  hello.post("/main", express.json(), (_req, res) => void res.json({ ok: true }));
  const helloServer = await new Promise<import("node:http").Server>((resolve) => {
    const s = hello.listen(0, "127.0.0.1", () => resolve(s));
  });
  const helloUrl = `http://127.0.0.1:${(helloServer.address() as AddressInfo).port}/main`;

  const server = await startTestServer({ LOG_LEVEL: "error" });
  const account = crypto.randomUUID();
  try {
    const created = await fetch(`${server.url}/luna-lambda/1/lambdas`, {
      method: "POST",
      headers: { "Luna-Account-Id": account, "content-type": "application/json" },
      body: JSON.stringify({ name: "trivial", lambda_type: "standalone", code: "export async function main() { return { ok: true }; }" }),
    });
    const { lambda_id } = (await created.json()) as { lambda_id: string };
    const proxyUrl = `${server.url}/luna-lambda/1/lambdas/${lambda_id}/proxy/main`;
    console.log("bench: lambda /main vs Express hello-world…");
    const rows: [string, number, Awaited<ReturnType<typeof load>>][] = [];
    for (const concurrency of [1, 4]) {
      rows.push(["Express hello-world `POST /main`", concurrency, await load(helloUrl, {}, concurrency)]);
      rows.push(["trivial lambda via `proxy/main`", concurrency, await load(proxyUrl, { "Luna-Account-Id": account }, concurrency)]);
    }
    lines.push("## Lambda `/main` overhead", "", `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${REQUESTS} requests per row, loopback.`, "");
    lines.push("| endpoint | concurrency | req/s | latency p50 | latency p99 |", "|---|---:|---:|---:|---:|");
    for (const [name, concurrency, r] of rows) lines.push(`| ${name} | ${concurrency} | ${r.rate.toFixed(0)} | ${ms(r.p50)} | ${ms(r.p99)} |`);
    const base = rows.find((r) => r[0].startsWith("Express") && r[1] === 1)![2];
    const lambda = rows.find((r) => r[0].startsWith("trivial") && r[1] === 1)![2];
    lines.push("", `At concurrency 1 the lambda path adds ${ms(lambda.p50 - base.p50)} ms to the p50 of a bare Express handler (account check, lambda lookup in SQL, IPC to the sandboxed process and back).`, "");
  } finally {
    await server.close();
    await new Promise<void>((resolve) => helloServer.close(() => resolve()));
  }
}
