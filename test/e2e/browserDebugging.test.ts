/**
 * Debugging a browser run in Chromium: DevTools' protocol, attached to the page's lambda worker
 * as DevTools attaches, sees the evaluated bundle as lambda_main.js with an inline source map
 * holding the user's TypeScript; a `debugger;` statement pauses the run there, on the line the
 * map names in lambda_main.ts, and the run finishes once resumed. The logged stack of a thrown
 * error reads lambda_main.ts's lines.
 */
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";
import type { CDPSession } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromiumAvailable } from "../support/browser.ts";
import type { PlaygroundPage } from "../support/playgroundPage.ts";
import { playgroundSuite } from "../support/playgroundSuite.ts";

const LAMBDA = `import { logger } from "luna-lambda-tools";
const label = "paused here";

export async function main(request: { data: { sources: unknown[] } }): Promise<Record<string, unknown>> {
  const length: number = label.length + request.data.sources.length;
  debugger;
  if (length < 0) logger.info("never");
  return { length };
}
`;

async function openTypeScript(page: PlaygroundPage, code: string, name: string): Promise<void> {
  const project = {
    format: "luna-lambda-playground-project",
    version: 1,
    code,
    language: "typescript",
    templateId: "blank",
    target: "browser-wasm",
    sendFaceBoundingBoxes: false,
    timeoutS: 90,
    maskModel: null,
    images: [],
  };
  await page.openProject({ name, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(project)) });
}

/** CDP commands to one worker through the page's session (Target.sendMessageToTarget), as DevTools does. */
class WorkerDebugger {
  private next = 1;
  private readonly waiting = new Map<number, (result: unknown) => void>();
  private readonly listeners: ((method: string, params: any) => void)[] = [];
  constructor(
    private readonly cdp: CDPSession,
    readonly sessionId: string,
  ) {
    cdp.on("Target.receivedMessageFromTarget", (event) => {
      if (event.sessionId !== sessionId) return;
      const message = JSON.parse(event.message) as { id?: number; result?: unknown; method?: string; params?: any };
      if (message.id !== undefined) this.waiting.get(message.id)?.(message.result);
      else if (message.method) for (const listener of this.listeners) listener(message.method, message.params);
    });
  }
  send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      void this.cdp.send("Target.sendMessageToTarget", {
        sessionId: this.sessionId,
        message: JSON.stringify({ id, method, params }),
      });
    });
  }
  on(listener: (method: string, params: any) => void): void {
    this.listeners.push(listener);
  }
  /** The next event `method` whose params pass `test`. */
  event(method: string, test: (params: any) => boolean = () => true): Promise<any> {
    return new Promise((resolve) => this.on((m, p) => m === method && test(p) && resolve(p)));
  }
}

describe.runIf(chromiumAvailable())("debugging browser runs", () => {
  const playground = playgroundSuite();

  it("pauses a browser run on a debugger statement at its lambda_main.ts line, then finishes it", async () => {
    const page = await playground.open();
    const p = page.page;
    await openTypeScript(page, LAMBDA, "debugged.json");
    // The first run makes the lambda worker (no debugger attached yet: the statement does nothing).
    const first = await page.run("browser-wasm");
    expect(first.body).toEqual({ length: "paused here".length });

    const cdp = await page.context.newCDPSession(p);
    const attached = new Promise<string>((resolve) =>
      cdp.on("Target.attachedToTarget", (event) => {
        if (event.targetInfo.type === "worker" && event.targetInfo.url.includes("lambdaWorker"))
          resolve(event.sessionId);
      }),
    );
    await cdp.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    const worker = new WorkerDebugger(cdp, await attached);
    const scripts = new Map<string, { url: string; sourceMapURL: string }>();
    worker.on((method, params) => method === "Debugger.scriptParsed" && scripts.set(params.scriptId, params));
    await worker.send("Debugger.enable");

    const paused = worker.event("Debugger.paused");
    const before = Number(await p.getAttribute('[data-testid="run-status"]', "data-run-seq"));
    await p.click('[data-testid="run-button"]');
    const { callFrames } = await paused;
    const top = callFrames[0];
    const script = scripts.get(top.location.scriptId)!;
    expect(script.url).toBe("lambda_main.js");
    expect(script.sourceMapURL).toMatch(/^data:application\/json;charset=utf-8;base64,/);
    const map = JSON.parse(Buffer.from(script.sourceMapURL.split(",")[1]!, "base64").toString("utf8"));
    expect(map.sources).toEqual(["lambda_main.ts"]);
    expect(map.sourcesContent).toEqual([LAMBDA]);
    const original = originalPositionFor(new TraceMap(map), {
      line: top.location.lineNumber + 1,
      column: top.location.columnNumber,
    });
    expect([original.source, original.line]).toEqual(["lambda_main.ts", 6]);
    expect(top.functionName).toBe("main");
    // Paused: the run waits. Resumed: it answers as before.
    expect(Number(await p.getAttribute('[data-testid="run-status"]', "data-run-seq"))).toBe(before);
    await worker.send("Debugger.resume");
    await p.waitForFunction(
      (seq) => Number(document.querySelector('[data-testid="run-status"]')?.getAttribute("data-run-seq")) > seq,
      before,
    );
    expect(JSON.parse((await p.getAttribute('[data-testid="reply-json"]', "data-json"))!)).toEqual({
      length: "paused here".length,
    });
    await worker.send("Debugger.disable");
    await cdp.detach();
  });

  it("logs a thrown error's stack with lambda_main.ts's lines", async () => {
    const page = await playground.open();
    await openTypeScript(
      page,
      'import { logger } from "luna-lambda-tools";\nconst label = "line four";\nlogger.debug(label);\nexport async function main() { throw new Error(label); }\n',
      "thrown.json",
    );
    const thrown = await page.run("browser-wasm");
    expect(thrown.body).toMatchObject({ error_code: 42004, detail: "line four" });
    const logs = (await page.page.textContent('[data-testid="log-view"]')) ?? "";
    expect(logs).toMatch(/at main \(lambda_main\.ts:4:38\)/);
    expect(logs).not.toMatch(/lambda_main\.js|https?:\/\//);
  });
});
