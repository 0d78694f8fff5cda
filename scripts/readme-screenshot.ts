/**
 * Takes docs/playground.png, the README's walkthrough picture: `npm start` on a free port with a
 * throw-away data folder, then Debian chromium (test/support/browser.ts) walks the README's five
 * steps — open, pick the Grace Hopper sample, Detect, choose the emotions template, Run on the server —
 * and writes the page as a palette PNG.
 *
 *   npx tsx scripts/readme-screenshot.ts
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import sharp from "sharp";
import { launchChromium } from "../test/support/browser.ts";
import { PlaygroundPage } from "../test/support/playgroundPage.ts";

const root = resolve(import.meta.dirname, "..");
const output = join(root, "docs/playground.png");

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
    probe.once("error", fail);
  });
}

const port = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), "luna-screenshot-"));
const server = spawn("npm", ["start"], {
  cwd: root,
  env: { ...process.env, PORT: String(port), DATA_DIR: dataDir },
  detached: true,
  stdio: ["ignore", "pipe", "pipe"],
});
let log = "";
server.stdout.on("data", (chunk: Buffer) => (log += chunk.toString()));
server.stderr.on("data", (chunk: Buffer) => (log += chunk.toString()));
const url = `http://127.0.0.1:${port}`;

try {
  // Ready when the models are loaded: /healthcheck answers 200 (503 while they load).
  const deadline = Date.now() + 180_000;
  for (;;) {
    const ready = await fetch(`${url}/healthcheck`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline || server.exitCode !== null) throw new Error(`npm start did not become ready:\n${log}`);
    await new Promise((next) => setTimeout(next, 500));
  }
  const browser = await launchChromium();
  try {
    const page = await PlaygroundPage.open(browser, url);
    await page.page.setViewportSize({ width: 1400, height: 860 });
    await page.selectTarget("server");
    await page.addSample("grace_hopper_512x512.jpg");
    await page.detect();
    await page.selectTemplate("02-emotions");
    const result = await page.run("server");
    if (result.status !== "201") throw new Error(`the run answered ${result.status}: ${JSON.stringify(result.body)}`);
    // A 256-colour palette keeps the committed PNG small (a third of the full-colour file).
    await sharp(await page.page.screenshot())
      .png({ palette: true, effort: 10 })
      .toFile(output);
    console.log(`wrote ${output} (${Math.round(statSync(output).size / 1024)} KiB)`);
  } finally {
    await browser.close();
  }
} finally {
  process.kill(-server.pid!, "SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
