import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { ensurePackedPhotos } from "./fixtures.ts";

export default function setup(): void {
  ensurePackedPhotos();
  // The browser tests drive the production bundle: build it when it is missing or stale.
  execFileSync(process.execPath, [resolve(import.meta.dirname, "../../scripts/ensure-web-build.mjs")], {
    stdio: "inherit",
  });
}
