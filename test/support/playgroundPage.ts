/**
 * The playground as the e2e tests drive it: one fresh browser context (so a fresh project in a
 * fresh IndexedDB) and page per test, and the page's own hooks to wait on — `data-run-seq` on the
 * run status (a run is over when it changes), `data-seq` on the overlay pass, `data-project-saved`
 * on <html> — rather than the clock.
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { photoPath } from "./fixtures.ts";

export type Box = { x: number; y: number; width: number; height: number };
export type RunTarget = "server" | "browser-wasm" | "browser-webgpu";

export interface RunResult {
  runStatus: string | null;
  status: string | null;
  body: any;
  analysis: { rect: Box; descriptor: number[] }[][] | null;
  backend: string | null;
  compileErrors: string | null;
  error: string | null;
}

const SCREENSHOTS = resolve(import.meta.dirname, "../.cache/screenshots");
const RUN_TIMEOUT_MS = 400_000;

export class PlaygroundPage {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  /** A new context and page on the server's playground, ready once Monaco has loaded. */
  static async open(browser: Browser, url: string): Promise<PlaygroundPage> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1300 }, acceptDownloads: true });
    const page = await context.newPage();
    page.on("pageerror", (error) => console.error("page error:", error.message));
    await page.goto(url);
    const playground = new PlaygroundPage(context, page);
    await playground.editorReady();
    return playground;
  }

  close(): Promise<void> {
    return this.context.close();
  }

  editorReady(): Promise<unknown> {
    return this.page.waitForSelector('[data-testid="code-editor"] .monaco-editor', { timeout: 60_000 });
  }

  /** Replaces the editor's code; resolves once Monaco shows its last line (the store has it then too). */
  async setCode(code: string): Promise<void> {
    await this.page.click('[data-testid="code-editor"] .monaco-editor .view-lines');
    await this.page.keyboard.press("Control+A");
    await this.page.keyboard.press("Delete");
    // insertText, not key presses: suggestions and auto-closing would otherwise rewrite the typing.
    await this.page.keyboard.insertText(code);
    const lastLine = code.trimEnd().split("\n").at(-1)!.trim();
    await this.page.waitForFunction(
      (line) =>
        (document.querySelector('[data-testid="code-editor"] .view-lines')?.textContent ?? "")
          .replace(/\u00a0/g, " ")
          .includes(line),
      lastLine,
    );
  }

  /**
   * Opens a project file or lambda zip through *Open project…*; resolves once the page says it
   * opened it (the project is in the store then), fails with the page's error otherwise.
   */
  async openProject(file: { name: string; mimeType: string; buffer: Buffer } | string): Promise<void> {
    const name = typeof file === "string" ? file.split("/").at(-1)! : file.name;
    // An error already on the page (a run's) is not this file's answer.
    const stale = await this.text("error");
    await this.page.setInputFiles('[data-testid="open-project-input"]', file);
    const said = await this.page.waitForFunction(
      ([expected, previous]) => {
        const info = document.querySelector('[data-testid="info"]')?.textContent;
        const error = document.querySelector('[data-testid="error"]')?.textContent;
        return info === expected ? "ok" : error && error !== previous ? error : false;
      },
      [`opened ${name}`, stale] as const,
      { timeout: 60_000 },
    );
    const outcome = await said.jsonValue();
    if (outcome !== "ok") throw new Error(`opening ${name}: ${String(outcome)}`);
  }

  /** The editor's visible text (Monaco renders spaces as no-break spaces; they come back as spaces). */
  async editorText(): Promise<string | null> {
    const text = await this.page.textContent('[data-testid="code-editor"] .view-lines');
    return text?.replace(/\u00a0/g, " ") ?? null;
  }

  /** Opens a template (as a new draft); resolves once its code is the project's and the editor's. */
  async selectTemplate(id: string): Promise<void> {
    await this.page.selectOption('[data-testid="template-select"]', id);
    await this.page.waitForSelector(`[data-testid="file-tabs"][data-template="${id}"]`);
  }

  /** Opens one of the right pane's tabs (result, history, models) or the left pane's (images, request, tests, data). */
  openTab(tab: "result" | "history" | "models" | "images" | "request" | "tests" | "data"): Promise<void> {
    return this.page.click(`[data-testid="tab-${tab}"]`);
  }

  selectTarget(target: RunTarget): Promise<string[]> {
    return this.page.selectOption('[data-testid="run-target"]', target);
  }

  setTimeoutSeconds(seconds: number): Promise<void> {
    return this.page.fill('[data-testid="timeout-input"]', String(seconds));
  }

  /** Runs on `target` (with the Run button, or Ctrl+Enter in the editor) and reads what the page shows. */
  async run(target: RunTarget, how: "click" | "keys" = "click"): Promise<RunResult> {
    await this.selectTarget(target);
    const before = await this.runSeq();
    if (how === "keys") {
      await this.page.click('[data-testid="code-editor"] .monaco-editor .view-lines');
      await this.page.keyboard.press("Control+Enter");
    } else {
      await this.page.click('[data-testid="run-button"]');
    }
    return this.resultAfter(before);
  }

  /** Waits until the problems list holds a problem matching `pattern` (Monaco's TypeScript worker reports a moment after an edit). */
  async waitForProblem(pattern: RegExp): Promise<void> {
    await this.page.waitForFunction(
      (source) =>
        [...document.querySelectorAll('[data-testid="problems-list"] [data-testid="problem"]')].some((p) =>
          new RegExp(source).test(p.textContent ?? ""),
        ),
      pattern.source,
      { timeout: 60_000 },
    );
  }

  /** A run the problems list blocks, then "Run anyway": what the run gave once it went ahead. */
  async runAnyway(target: RunTarget, mustBlock = true): Promise<RunResult> {
    const blocked = await this.run(target);
    if (!/^not run: /.test(blocked.error ?? "")) {
      if (mustBlock) throw new Error(`the run was not blocked: ${JSON.stringify(blocked)}`);
      return blocked;
    }
    const before = await this.runSeq();
    await this.page.click('[data-testid="run-anyway"]');
    return this.resultAfter(before);
  }

  /** Waits for the run after `before` to end, then reads what the page shows. */
  private async resultAfter(before: number): Promise<RunResult> {
    await this.page.waitForFunction(
      (seq) => Number(document.querySelector('[data-testid="run-status"]')?.getAttribute("data-run-seq")) > seq,
      before,
      { timeout: RUN_TIMEOUT_MS },
    );
    return {
      runStatus: await this.text("run-status"),
      status: await this.text("reply-status"),
      body: await this.json("reply-json"),
      analysis: (await this.json("analysis")) as RunResult["analysis"],
      backend: await this.text("backend-used"),
      compileErrors: await this.text("compile-errors"),
      error: await this.text("error"),
    };
  }

  /** Presses Detect and resolves once that overlay pass is on the page. */
  async detect(): Promise<void> {
    const analysis = this.page.locator('[data-testid="analysis"]');
    const before = (await analysis.count()) ? Number(await analysis.getAttribute("data-seq")) : 0;
    await this.page.click('[data-testid="detect-button"]');
    await this.page.waitForFunction(
      (seq) => Number(document.querySelector('[data-testid="analysis"]')?.getAttribute("data-seq") ?? 0) > seq,
      before,
      { timeout: 120_000 },
    );
  }

  /** Adds a fixture photo through the file input and waits for it in the image list. */
  async addPhoto(name: string): Promise<void> {
    const count = await this.imageCount();
    await this.page.setInputFiles('[data-testid="image-input"]', photoPath(name));
    await this.page.waitForFunction((n) => document.querySelectorAll('[data-testid="image-item"]').length > n, count);
  }

  /** Adds one of the bundled samples (public/samples) and waits for it in the image list. */
  async addSample(file: string): Promise<void> {
    const count = await this.imageCount();
    await this.page.click(`[data-testid="sample-${file}"]`);
    await this.page.waitForFunction((n) => document.querySelectorAll('[data-testid="image-item"]').length > n, count);
  }

  imageCount(): Promise<number> {
    return this.page.locator('[data-testid="image-item"]').count();
  }

  /** Viewport coordinates of an image pixel on the stage (`imageWidth`, `imageHeight`: the image's size). */
  async stagePoint(
    x: number,
    y: number,
    imageWidth: number,
    imageHeight = imageWidth,
  ): Promise<readonly [number, number]> {
    // Messages above the workspace come and go: measure the stage right before each gesture.
    const stage = (await this.page.locator('[data-testid="image-stage"] svg').boundingBox())!;
    return [stage.x + (x * stage.width) / imageWidth, stage.y + (y * stage.height) / imageHeight] as const;
  }

  /** Drags on the stage from one image pixel to another (draws a box on empty image, moves a box). */
  async drag(from: [number, number], to: [number, number], imageWidth: number, via?: [number, number]): Promise<void> {
    await this.page.mouse.move(...(await this.stagePoint(...from, imageWidth)));
    await this.page.mouse.down();
    if (via) await this.page.mouse.move(...(await this.stagePoint(...via, imageWidth)), { steps: 5 });
    await this.page.mouse.move(...(await this.stagePoint(...to, imageWidth)), { steps: 5 });
    await this.page.mouse.up();
  }

  userBoxes() {
    return this.page.locator('[data-testid="face-box"][data-source="user"]');
  }

  /** The first user box, read from its data attributes (image pixels). */
  async firstUserBox(): Promise<Box> {
    const box = this.userBoxes().first();
    const entries = await Promise.all(
      ["x", "y", "width", "height"].map(async (k) => [k, Number(await box.getAttribute(`data-${k}`))] as const),
    );
    return Object.fromEntries(entries) as Box;
  }

  /** Resolves once every change of the project is in IndexedDB (before a reload). */
  waitForSaved(): Promise<unknown> {
    return this.page.waitForSelector('html[data-project-saved="true"]', { state: "attached" });
  }

  /** Reloads the page and waits for the editor. */
  async reload(): Promise<void> {
    await this.waitForSaved();
    await this.page.reload();
    await this.editorReady();
  }

  async screenshot(name: string, fullPage = false): Promise<void> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await this.page.screenshot({ path: resolve(SCREENSHOTS, name), fullPage });
  }

  private async runSeq(): Promise<number> {
    return Number(await this.page.getAttribute('[data-testid="run-status"]', "data-run-seq"));
  }

  private async text(id: string): Promise<string | null> {
    return (await this.page.locator(`[data-testid="${id}"]`).count())
      ? await this.page.textContent(`[data-testid="${id}"]`)
      : null;
  }

  private async json(id: string): Promise<any> {
    if (!(await this.page.locator(`[data-testid="${id}"]`).count())) return null;
    return JSON.parse((await this.page.getAttribute(`[data-testid="${id}"]`, "data-json")) || "null");
  }
}
