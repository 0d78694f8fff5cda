import { describe, expect, it } from "vitest";
import { userClassifierManifestSchema } from "../../../../shared/inference/models.ts";
import { MANIFEST_EXAMPLE } from "../../../../web/models/manifestExample.ts";

describe("the models panel's manifest example", () => {
  it("is a manifest the models API accepts", () => {
    const parsed = userClassifierManifestSchema.safeParse({ file: "mask.onnx", ...JSON.parse(MANIFEST_EXAMPLE) });
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });
});
