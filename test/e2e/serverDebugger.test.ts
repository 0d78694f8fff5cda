/**
 * The page's way to the server lambda's inspector: after a server run, "Debug in DevTools"
 * restarts the kept lambda under Node's inspector and shows the devtools:// URL on the server
 * machine's loopback; a DevTools client connected there evaluates in the lambda's process, the
 * next run still answers, and "Stop debugging" closes the port.
 */
import net from "node:net";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { chromiumAvailable } from "../support/browser.ts";
import { playgroundSuite } from "../support/playgroundSuite.ts";

describe.runIf(chromiumAvailable())("server debugger in the page", () => {
  const playground = playgroundSuite();

  it("shows the inspector's DevTools URL for the kept server lambda, on loopback only", async () => {
    const page = await playground.open();
    const p = page.page;
    await page.selectTemplate("blank");
    const first = await page.run("server");
    expect(first.status).toBe("201");
    await p.click('[data-testid="server-debug-start"]');
    const shown = await p.waitForSelector('[data-testid="server-debug-url"]', { timeout: 60_000 });
    const url = (await shown.getAttribute("data-url"))!;
    const match =
      /^devtools:\/\/devtools\/bundled\/js_app\.html\?experiments=true&v8only=true&ws=(127\.0\.0\.1:(\d+)\/[0-9a-f-]{36})$/.exec(
        url,
      );
    expect(match, url).not.toBeNull();
    await page.screenshot("server-debugger.png");

    // A DevTools client at that address talks to the lambda's own process.
    const socket = new WebSocket(`ws://${match![1]}`);
    await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
    const answer = new Promise<any>((resolve) => socket.once("message", (data) => resolve(JSON.parse(String(data)))));
    socket.send(
      JSON.stringify({ id: 1, method: "Runtime.evaluate", params: { expression: "process.pid", returnByValue: true } }),
    );
    // Its own PID namespace: under the sandbox's 64-task cap (the relay and both processes' threads), not the host's.
    const pid = (await answer).result.result.value as number;
    expect(pid).toBeLessThan(64);
    expect(pid).not.toBe(process.pid);
    socket.close();

    // Still answers while debugged; then back to normal, the port closed.
    expect((await page.run("server")).status).toBe("201");
    await p.click('[data-testid="server-debug-stop"]');
    await p.waitForSelector('[data-testid="server-debugger"][data-debugging="false"]');
    const closed = await new Promise<string>((resolve) =>
      net
        .connect(Number(match![2]), "127.0.0.1")
        .once("connect", () => resolve("connected"))
        .once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error")),
    );
    expect(closed).toBe("ECONNREFUSED");
  });
});
