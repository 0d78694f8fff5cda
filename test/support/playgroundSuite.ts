/**
 * Per e2e file: the real server and one Debian chromium, started once; per test: its own browser
 * context and page (`open()`), closed after the test, so every test starts on a fresh project and
 * one failure cannot leave state for the next.
 */
import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll } from "vitest";
import { launchChromium } from "./browser.ts";
import { PlaygroundPage } from "./playgroundPage.ts";
import { startTestServer, type TestServer } from "./testServer.ts";

export interface PlaygroundSuite {
  /** The server the pages talk to (started in beforeAll). */
  server(): TestServer;
  /** A fresh context and page on the playground, closed after the current test. */
  open(): Promise<PlaygroundPage>;
}

export function playgroundSuite(options: { webgpu?: boolean } = {}): PlaygroundSuite {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const pages: PlaygroundPage[] = [];
  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium(options);
  }, 120_000);
  afterEach(async () => {
    for (const page of pages.splice(0)) await page.close();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    server: () => server!,
    async open() {
      const page = await PlaygroundPage.open(browser!, server!.url);
      pages.push(page);
      return page;
    },
  };
}
