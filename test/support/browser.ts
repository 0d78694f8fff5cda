/**
 * Debian's chromium driven by playwright-core (never a downloaded browser). Without chromium the
 * browser tests are skipped with a notice on a developer machine, and fail in CI (CI=true), where
 * .ci/run installs it.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run must install it (apt-get install -y chromium)`);
  console.warn(`browser tests skipped: ${CHROMIUM} not found (apt-get install -y chromium to run them)`);
  return false;
}

/** playwright gives every launch a fresh temporary profile (it refuses a --user-data-dir argument). */
export async function launchChromium(options: { webgpu?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...(options.webgpu ? ["--enable-unsafe-webgpu"] : []),
    ],
  });
}
