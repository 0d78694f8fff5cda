/** The command line as a user runs it: real models, a real photo, exit codes. */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { photoPath } from "../../support/fixtures.ts";

const root = resolve(import.meta.dirname, "../../..");
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", resolve(root, "server/main.ts"), ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });

describe("cli", () => {
  it("sdk prints the Remote SDK reply for an image", () => {
    const result = cli("sdk", photoPath("grace_hopper_512x512.jpg"), "--estimate", "emotions,landmarks5");
    expect(result.status, result.stderr).toBe(0);
    const reply = JSON.parse(result.stdout);
    const face = reply.images_estimations[0].estimations[0].face.detection;
    expect(face.attributes.emotions.predominant_emotion).toBe("happiness");
    expect(face.landmarks5).toHaveLength(5);
  }, 120_000);

  it("answers bad command lines with exit code 2 and a reason, and unreadable images with 1", () => {
    const badFlag = cli("sdk", photoPath("grace_hopper_512x512.jpg"), "--estimate", "gazes");
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toMatch(/Unknown query parameter\(s\): estimate_gazes/);
    expect(cli("sdk").status).toBe(2);
    expect(cli("frobnicate").status).toBe(2);
    const missing = cli("sdk", "/nonexistent.jpg");
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/nonexistent\.jpg/);
    const help = cli("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/sdk <image…>/);
  }, 120_000);
});
