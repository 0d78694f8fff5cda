import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // What lambda code imports; the same alias the lambda runtime and the playground's editor use.
    alias: { "luna-lambda-tools": fileURLToPath(new URL("./shared/lambda/index.ts", import.meta.url)) },
  },
  test: {
    include: ["test/unit/**/*.test.ts", "test/integration/**/*.test.ts", "test/e2e/**/*.test.ts"],
    environment: "node",
    // onnxruntime-node and sharp are native addons: child processes are the robust pool for them.
    pool: "forks",
    globalSetup: ["test/support/globalSetup.ts"],
    reporters: ["default", "./test/support/summaryReporter.ts"],
    testTimeout: 60_000,
    // expect.poll returns as soon as its condition holds; 1 s (the default) is too short for a page
    // on a loaded 2-core machine, so a slow step fails only when it is really stuck.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 120_000,
  },
});
