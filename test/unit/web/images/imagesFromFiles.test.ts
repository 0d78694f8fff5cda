import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { imagesFromFiles } from "../../../../web/images/imagesFromFiles.ts";
import { photoPath } from "../../../support/fixtures.ts";

describe("images from dropped, pasted or opened files", () => {
  it("keeps JPEG/PNG/WebP with their bytes and names what it refuses", async () => {
    const jpeg = new File([readFileSync(photoPath("grace_hopper_512x512.jpg"))], "grace.jpg", { type: "image/jpeg" });
    const pasted = new File([readFileSync(photoPath("astronaut.png"))], "", { type: "image/png" });
    const text = new File(["hello"], "notes.txt", { type: "text/plain" });
    const gif = new File([new Uint8Array([0x47, 0x49, 0x46])], "anim.gif", { type: "image/gif" });
    const { images, rejected } = await imagesFromFiles([jpeg, text, pasted, gif]);
    expect(images.map((i) => [i.filename, i.mimetype])).toEqual([
      ["grace.jpg", "image/jpeg"],
      ["pasted.png", "image/png"],
    ]);
    expect(images[0]!.bytes.length).toBe(jpeg.size);
    expect(rejected).toEqual(["notes.txt (text/plain)", "anim.gif (image/gif)"]);
  });
});
