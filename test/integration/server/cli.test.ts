/** The command line as a user runs it: real models, a real photo, exit codes. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { bytesToBase64 } from "../../../shared/luna/schemas/common.ts";
import { describe, expect, it } from "vitest";
import { photo, photoPath } from "../../support/fixtures.ts";

const root = resolve(import.meta.dirname, "../../..");
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", resolve(root, "server/main.ts"), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
  });

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
    // The package's bin (npx luna-lambda-playground) is the same command line.
    const bin = spawnSync(process.execPath, [resolve(root, "scripts/cli.mjs"), "--help"], {
      cwd: root,
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(bin.status, bin.stderr).toBe(0);
    expect(bin.stdout).toMatch(/export <project\.json\|dir\|zip>/);
  }, 120_000);

  it("run calls a lambda once on image files and prints its reply; the exit code follows the status", () => {
    const dir = mkdtempSync(join(tmpdir(), "luna-cli-run-"));
    try {
      copyFileSync(resolve(root, "shared/lambda/examples/02-emotions.ts"), join(dir, "lambda_main.ts"));
      const ok = cli("run", dir, "--image", photoPath("grace_hopper_512x512.jpg"));
      expect(ok.status, ok.stderr).toBe(0);
      const reply = JSON.parse(ok.stdout);
      expect(reply.status).toBe(201);
      expect(
        reply.body.result[0].estimations.images_estimations[0].estimations[0].face.detection.attributes.emotions
          .predominant_emotion,
      ).toBe("happiness");

      copyFileSync(resolve(root, "shared/lambda/examples/01-get-face.ts"), join(dir, "lambda_main.ts"));
      const failing = cli("run", dir, "--image", photoPath("grace_hopper_512x512.jpg"));
      expect(failing.status).toBe(1);
      expect(JSON.parse(failing.stdout)).toMatchObject({ status: 500, body: { error_code: 42004 } });

      expect(cli("run", dir).status).toBe(2);
      expect(cli("run", dir, "--request", "a.msgpack", "--image", "b.jpg").status).toBe(2);
      expect(cli("run", "/nonexistent-lambda", "--image", photoPath("grace_hopper_512x512.jpg")).stderr).toMatch(
        /no such lambda folder or zip/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it("export turns a playground project file into the project zip, with its request run for a reply", () => {
    const dir = mkdtempSync(join(tmpdir(), "luna-cli-export-"));
    try {
      const project = {
        format: "luna-lambda-playground-project",
        version: 1,
        code: readFileSync(resolve(root, "shared/lambda/examples/02-emotions.ts"), "utf8"),
        templateId: "02-emotions",
        target: "server",
        sendFaceBoundingBoxes: false,
        images: [
          {
            id: "a",
            filename: "grace.jpg",
            mimetype: "image/jpeg",
            base64: bytesToBase64(photo("grace_hopper_512x512.jpg")),
            boxes: [],
          },
        ],
      };
      writeFileSync(join(dir, "My Emotions.json"), JSON.stringify(project));
      const result = cli("export", join(dir, "My Emotions.json"), "-o", join(dir, "out.zip"));
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/1 saved request\(s\), 1 run for their replies/);
      const files = unzipSync(new Uint8Array(readFileSync(join(dir, "out.zip"))));
      expect(Object.keys(files)).toEqual(
        expect.arrayContaining([
          "my-emotions/lambda_main.ts",
          "my-emotions/requests/playground.msgpack",
          "my-emotions/requests/playground/grace.jpg",
          "my-emotions/vendor/luna-lambda-runtime.mjs",
        ]),
      );
      const reply = JSON.parse(strFromU8(files["my-emotions/requests/playground.reply.json"]!));
      expect(reply.status).toBe(201);
      expect(JSON.parse(strFromU8(files["my-emotions/lambda.json"]!))).toMatchObject({
        name: "My Emotions",
        lambda_type: "handlers",
      });

      writeFileSync(join(dir, "broken.json"), JSON.stringify({ ...project, version: 7 }));
      const broken = cli("export", join(dir, "broken.json"));
      expect(broken.status).toBe(1);
      expect(broken.stderr).toMatch(/not a playground project file: version/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
