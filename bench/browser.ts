/**
 * Bench of the playground in Debian chromium: time to first interaction, model load in the
 * browser, and per-image time of the same photo in the browser (WASM worker) vs on the server.
 */
import { photoPath } from "../test/support/fixtures.ts";
import { chromiumAvailable, launchChromium } from "../test/support/browser.ts";
import { startTestServer } from "../test/support/testServer.ts";
import { median, ms } from "./stats.ts";

const RUNS = Number(process.env.BENCH_BROWSER_RUNS ?? 8);

export async function benchBrowser(lines: string[]): Promise<void> {
  if (!chromiumAvailable()) {
    lines.push("## Playground in the browser", "", "Not measured: chromium is not installed on this machine.", "");
    return;
  }
  const server = await startTestServer({ LOG_LEVEL: "error" });
  const browser = await launchChromium();
  try {
    console.log("bench: playground in chromium…");
    const page = await browser.newPage();
    const started = performance.now();
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="image-input"]', { state: "attached" });
    const firstInteraction = performance.now() - started;
    await page.setInputFiles('[data-testid="image-input"]', photoPath("grace_hopper_512x512.jpg"));
    // "Detect" runs the overlay pass (the /sdk call with landmarks 5+68, warp, descriptor, head pose, eyes) on the target.
    const runOnce = async (target: string) => {
      await page.selectOption('[data-testid="run-target"]', target);
      const seq = Number(
        (await page
          .locator('[data-testid="analysis"]')
          .getAttribute("data-seq")
          .catch(() => null)) ?? 0,
      );
      await page.click('[data-testid="detect-button"]');
      await page.waitForFunction(
        (before) => Number(document.querySelector('[data-testid="analysis"]')?.getAttribute("data-seq") ?? 0) > before,
        seq,
        { timeout: 300_000 },
      );
      const analysis = page.locator('[data-testid="analysis"]');
      return {
        total: Number(await analysis.getAttribute("data-ms")),
        load: Number(await analysis.getAttribute("data-load-ms")),
      };
    };
    const first = await runOnce("browser-wasm");
    const wasm: number[] = [];
    const serverTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      wasm.push((await runOnce("browser-wasm")).total);
      serverTimes.push((await runOnce("server")).total);
    }
    lines.push(
      "## Playground in the browser (Debian chromium, headless, no GPU)",
      "",
      `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC; grace_hopper_512x512.jpg with the overlay pass ("Detect": landmarks 5 + 68, warp, descriptor, head pose, eyes); ${RUNS} runs each, alternating.`,
      "",
    );
    lines.push("| what | ms |", "|---|---:|");
    lines.push(`| time to first interaction (navigation → image input ready) | ${ms(firstInteraction)} |`);
    lines.push(
      `| first browser run: download + session creation of the overlay pass's models (WASM) | ${ms(first.load)} |`,
    );
    lines.push(`| per image, browser · WASM worker (median, models loaded) | ${ms(median(wasm))} |`);
    lines.push(`| per image, server (median, HTTP round trip included) | ${ms(median(serverTimes))} |`);
    lines.push(`| ratio browser-WASM ÷ server | ${(median(wasm) / median(serverTimes)).toFixed(2)} |`);

    // Lambda runs in the browser worker, TypeScript (esbuild-wasm) vs Python (Pyodide), on a page without
    // images (no overlay pass after the run): wall time from the click to "done".
    console.log("bench: TypeScript vs Python lambdas in the browser worker…");
    const lambdaPage = await browser.newPage();
    await lambdaPage.goto(server.url);
    await lambdaPage.waitForSelector('[data-testid="code-editor"] .monaco-editor', { timeout: 60_000 });
    await lambdaPage.selectOption('[data-testid="run-target"]', "browser-wasm");
    const runLambda = async (template: string) => {
      await lambdaPage.selectOption('[data-testid="template-select"]', template);
      const t = performance.now();
      await lambdaPage.click('[data-testid="run-button"]');
      await lambdaPage
        .waitForFunction(() => document.querySelector('[data-testid="run-status"]')?.textContent === "running", null, {
          timeout: 10_000,
        })
        .catch(() => undefined);
      await lambdaPage.waitForFunction(
        () => ["done", "error"].includes(document.querySelector('[data-testid="run-status"]')?.textContent ?? ""),
        null,
        { timeout: 120_000 },
      );
      const took = performance.now() - t;
      if ((await lambdaPage.textContent('[data-testid="reply-status"]')) !== "201")
        throw new Error(`${template}: the run did not answer 201`);
      return took;
    };
    const firstTypescript = await runLambda("blank");
    const firstPython = await runLambda("py-blank");
    const pyodideLog = /Python \(Pyodide\) loaded in (\d+) ms/.exec(
      (await lambdaPage.textContent('[data-testid="log-view"]')) ?? "",
    );
    const typescriptRuns: number[] = [];
    const pythonRuns: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      typescriptRuns.push(await runLambda("blank"));
      pythonRuns.push(await runLambda("py-blank"));
    }
    lines.push(
      "",
      `Lambda runs in the browser worker (the blank templates, no image, Browser · WASM, ${RUNS} runs each, alternating; click → done):`,
      "",
      "| what | ms |",
      "|---|---:|",
      `| first TypeScript run of the page (esbuild-wasm start + compile + main) | ${ms(firstTypescript)} |`,
      `| first Python run of the worker (Pyodide load + check + main) | ${ms(firstPython)} |`,
      `| of which Pyodide load (the worker's log line) | ${pyodideLog ? ms(Number(pyodideLog[1])) : "not logged"} |`,
      `| TypeScript run, median (compile + main) | ${ms(median(typescriptRuns))} |`,
      `| Python run, median (syntax check + import + main) | ${ms(median(pythonRuns))} |`,
    );
    lines.push(
      "",
      "WebGPU vs WASM: not measured — no GPU machine was lent to this session. Headless chromium's SwiftShader adapter runs the e2e WebGPU test for correctness only: there the load-time check (each model's WebGPU output against WASM on the same input) moves detect (kernel failure), landmarks, gender and emotions to WASM, and the page says so.",
      "",
    );
  } finally {
    await browser.close();
    await server.close();
  }
  // A descriptor-only run from nothing loaded, before and after lazy models: its own section (bench/).
  await (await import("./firstResult.ts")).benchFirstResult(lines);
}
