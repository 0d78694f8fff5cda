/**
 * Bench: a descriptor-only browser run from nothing loaded to the first result, before (every model
 * loaded up front, the default ORT build) and after lazy models (only detect, landmarks and
 * descriptor; ORT's WASM-only build). Debian chromium, headless, WASM with 2 threads (the page is
 * cross-origin isolated); every round is a fresh browser context (no HTTP cache, no Cache Storage),
 * rounds alternate eager/lazy. Run alone: `npx tsx bench/firstResult.ts` (replaces its section
 * of BENCHMARKS.md); `npm run bench` runs it with the browser section.
 */
import { cpus } from "node:os";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { chromiumAvailable, launchChromium } from "../test/support/browser.ts";
import { photoPath } from "../test/support/fixtures.ts";
import type { FirstResult } from "./firstResultPage.ts";
import { replaceBenchmarkSection } from "./benchmarksFile.ts";

const ROOT = resolve(import.meta.dirname, "..");
const ROUNDS = Number(process.env.BENCH_FIRST_RESULT_ROUNDS ?? 7);
const PHOTO = "grace_hopper_512x512.jpg";
/** A subsection of the browser section, so BENCH_ONLY=browser replaces both together. */
export const FIRST_RESULT_HEADING = "### Descriptor-only run, nothing loaded → first result (lazy models)";

const TYPES: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".wasm": "application/wasm",
  ".onnx": "application/octet-stream",
  ".jpg": "image/jpeg",
};

/**
 * A static server with the headers multi-threaded WASM needs (stack.md: cross-origin isolation):
 * the page, ORT's files, the models and test photos (`/photo.jpg` and `/photos/<name>`).
 */
/** Bundles a bench page (ORT stays external: the page's import map serves it) and serves it. */
export async function serveBenchPage(entry: string): Promise<{ server: Server; url: string }> {
  const bundle = await build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    external: ["onnxruntime-web", "onnxruntime-web/wasm"],
    logLevel: "error",
  });
  return servePage(bundle.outputFiles[0]!.text);
}

async function servePage(pageJs: string): Promise<{ server: Server; url: string }> {
  const routes: [string, string][] = [
    ["/ort/", join(ROOT, "node_modules/onnxruntime-web/dist")],
    ["/models/", join(ROOT, "models")],
  ];
  const html = `<!doctype html><script type="importmap">${JSON.stringify({ imports: { "onnxruntime-web": "/ort/ort.bundle.min.mjs", "onnxruntime-web/wasm": "/ort/ort.wasm.bundle.min.mjs" } })}</script><script type="module" src="/page.js"></script>`;
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
    try {
      let body: string | Buffer;
      let type: string;
      if (path === "/") [body, type] = [html, "text/html"];
      else if (path === "/page.js") [body, type] = [pageJs, "text/javascript"];
      else if (path === "/photo.jpg") [body, type] = [await readFile(photoPath(PHOTO)), "image/jpeg"];
      else if (path.startsWith("/photos/") && /^[\w.-]+$/.test(path.slice(8)))
        [body, type] = [await readFile(photoPath(path.slice(8))), "application/octet-stream"];
      else {
        const route = routes.find(([prefix]) => path.startsWith(prefix));
        const file = route ? normalize(join(route[1], path.slice(route[0].length))) : null;
        if (!route || !file?.startsWith(route[1])) throw new Error("not found");
        [body, type] = [await readFile(file), TYPES[extname(file)] ?? "application/octet-stream"];
      }
      res.writeHead(200, { "content-type": type, "content-length": Buffer.byteLength(body) }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function benchFirstResult(lines: string[]): Promise<void> {
  lines.push(FIRST_RESULT_HEADING, "");
  if (!chromiumAvailable()) {
    lines.push("Not measured: chromium is not installed on this machine.", "");
    return;
  }
  const { server, url } = await serveBenchPage("bench/firstResultPage.ts");
  const browser = await launchChromium();
  const runs: Record<FirstResult["mode"], FirstResult[]> = { eager: [], lazy: [] };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate which goes first, so a slow moment of the shared machine hits both alike.
      for (const mode of round % 2 ? (["lazy", "eager"] as const) : (["eager", "lazy"] as const)) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(url);
        await page.waitForFunction(() => "firstResult" in globalThis);
        const result = await page.evaluate(
          ([m, photo]) =>
            (globalThis as unknown as { firstResult(mode: string, photo: string): Promise<FirstResult> }).firstResult(
              m,
              photo,
            ),
          [mode, "/photo.jpg"] as const,
        );
        if (result.faces !== 1 || result.descriptorBytes !== 520)
          throw new Error(`${mode}: expected one face with a 520-byte descriptor, got ${JSON.stringify(result)}`);
        runs[mode].push(result);
        console.log(
          `bench: first result ${mode} ${result.totalMs.toFixed(0)} ms (${JSON.stringify(result.phases)} ${JSON.stringify(result.stages)}; ${result.loadedModels.join(", ")})`,
        );
        await context.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }
  const m = (r: FirstResult[], pick: (x: FirstResult) => number) => median(r.map(pick)).toFixed(0);
  const row = (label: string, r: FirstResult[]) =>
    `| ${label} | ${r[0]!.loadedModels.length}: ${r[0]!.loadedModels.join(", ")} | ${(r[0]!.modelBytes / 1e6).toFixed(1)} MB | ${m(r, (x) => x.phases.ortMs)} | ${m(r, (x) => x.phases.modelsMs)} | ${m(r, (x) => x.phases.estimateMs)} | **${m(r, (x) => x.totalMs)}** | ${Math.min(...r.map((x) => x.totalMs)).toFixed(0)}–${Math.max(...r.map((x) => x.totalMs)).toFixed(0)} |`;
  lines.push(
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${cpus().length} cores (compare the two rows of one run, not absolute numbers across runs). ` +
      `Debian chromium, headless, WASM with ${runs.lazy[0]!.threads} threads; ${PHOTO}, estimate_face_descriptor only; ${ROUNDS} rounds, each in a fresh browser context (nothing cached), eager and lazy alternating. ` +
      "From the first line of the page's code (ORT not yet imported) to the reply: ORT import and WASM compile, model download + sha256 + session creation, photo decode, detection, landmarks, warp, descriptor.",
    "",
    "| start-up | models loaded | model bytes | ORT import | models (incl. WASM compile) | photo + estimate | total, median | total, range |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
    row("before: default ORT build (JSEP, 28 MB .wasm), every model loaded first", runs.eager),
    row("after: ORT's WASM build (14 MB .wasm), only the models the flags need", runs.lazy),
    "",
    `Goal ≤ 1000 ms: ${median(runs.lazy.map((x) => x.totalMs)) <= 1000 ? "met" : "not met"} (median ${median(runs.lazy.map((x) => x.totalMs)).toFixed(0)} ms, ${(median(runs.eager.map((x) => x.totalMs)) / median(runs.lazy.map((x) => x.totalMs))).toFixed(2)}× faster than before in the same run).`,
    "",
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const lines: string[] = [];
  await benchFirstResult(lines);
  replaceBenchmarkSection(join(ROOT, "BENCHMARKS.md"), lines);
  console.log(lines.join("\n"));
}
