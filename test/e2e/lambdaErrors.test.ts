/** What a failing lambda shows in the playground: compile errors with their line, thrown errors, a runaway browser lambda. */
import { describe, expect, it } from "vitest";
import { chromiumAvailable } from "../support/browser.ts";
import { playgroundSuite } from "../support/playgroundSuite.ts";

describe.runIf(chromiumAvailable())("lambda errors", () => {
  const playground = playgroundSuite();

  it("shows a compile error with its line and a thrown error as 500/42004, in the browser and on the server", async () => {
    const page = await playground.open();
    await page.setCode("// a broken lambda\nexport const main = (;\n");
    // The editor lists the syntax error first and blocks the run; "Run anyway" shows what the build says.
    await page.waitForProblem(/^lambda_main\.ts:2:\d+: Expression expected/);
    for (const target of ["browser-wasm", "server"] as const) {
      const broken = await page.runAnyway(target);
      expect(broken.runStatus).toBe("error");
      expect(broken.error, target).toBeNull();
      expect(broken.compileErrors, target).toMatch(/^lambda_main\.ts:2:\d+: /);
    }

    // One-line bodies: Monaco auto-closes a brace followed by a typed newline.
    await page.setCode('export async function main() { throw new Error("boom"); }\n');
    for (const target of ["browser-wasm", "server"] as const) {
      const thrown = await page.run(target);
      expect(thrown.status, `${target}: ${JSON.stringify(thrown)}`).toBe("500");
      expect(thrown.body, target).toMatchObject({ error_code: 42004, desc: "Lambda exception", detail: "boom" });
    }

    // The logged stack points at the user's own line on both targets (source maps), with no bundle or host path.
    await page.setCode(
      'import { logger } from "luna-lambda-tools";\nconst label = "line four";\nlogger.debug(label);\nexport async function main() { throw new Error(label); }\n',
    );
    for (const target of ["browser-wasm", "server"] as const) {
      const thrown = await page.run(target);
      expect(thrown.body, target).toMatchObject({ error_code: 42004, detail: "line four" });
      const logs = (await page.page.textContent('[data-testid="log-view"]')) ?? "";
      expect(logs, target).toMatch(/at main \(lambda_main\.ts:4:38\)/);
      expect(logs, target).not.toMatch(/lambda_main\.(js|mjs)|https?:\/\/|\/tmp\//);
    }
  }, 300_000);

  it("stops a runaway browser lambda at its timeout; the next run gets a fresh worker", async () => {
    const page = await playground.open();
    await page.selectTarget("browser-wasm");
    await page.setTimeoutSeconds(2);
    await page.setCode("export async function main() { while (true) {} }\n");
    const runaway = await page.run("browser-wasm");
    expect(runaway.status).toBe("500");
    expect(runaway.body.detail).toMatch(/did not answer within 2 s/);
    await page.setCode(
      'import { logger } from "luna-lambda-tools";\nexport async function main() { logger.info("hello from the worker"); return { ok: true }; }\n',
    );
    const after = await page.run("browser-wasm");
    expect(after.status).toBe("201");
    expect(after.body).toEqual({ ok: true });
    expect(await page.page.textContent('[data-testid="log-view"]')).toContain("hello from the worker");
  }, 300_000);
});
