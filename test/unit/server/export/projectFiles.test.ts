import { describe, expect, it } from "vitest";
import { allowScriptsFor, pythonReadme, pythonRequirements, slugFor } from "../../../../server/export/projectFiles.ts";
import { defaultSettings } from "../../../../shared/lambda/settings.ts";

describe("export file helpers", () => {
  it("makes names safe for npm, Docker and Kubernetes", () => {
    expect(slugFor("Emotions, exported!")).toBe("emotions-exported");
    expect(slugFor("02-emotions")).toBe("lambda-02-emotions");
    expect(slugFor("  ")).toBe("lambda");
    expect(slugFor("x".repeat(80))).toHaveLength(50);
  });

  it("lists the provided packages a Python lambda imports in a generated requirements.txt", () => {
    const code =
      "from uuid import uuid4\nfrom luna3.public.common import BinaryImage\nfrom dateutil.tz import tz\nfrom luna_lambda_tools import logger\n";
    expect(
      pythonRequirements(code)
        .split("\n")
        .filter((l) => l && !l.startsWith("#")),
    ).toEqual(["luna3", "python-dateutil"]);
  });

  it("carries over the playground's install-script policy for the packages the project depends on", () => {
    const allowScripts = {
      "esbuild@0.28.2": true,
      "onnxruntime-node": false,
      protobufjs: false,
      "@scope/tool@1.0.0": true,
    };
    const dependencies = { esbuild: "0.28.2", "onnxruntime-node": "1.30.0", sharp: "0.35.5", "@scope/tool": "1.0.0" };
    expect(allowScriptsFor({ allowScripts, dependencies })).toEqual({
      "esbuild@0.28.2": true,
      "onnxruntime-node": false,
      "@scope/tool@1.0.0": true,
    });
  });

  it("tells a Python lambda's user commands that work: the package is not on npm, so no npx", () => {
    const readme = pythonReadme({
      slug: "emotions",
      name: "emotions",
      lambdaType: "handlers",
      settings: defaultSettings(),
      requests: [],
      modelFiles: [],
      runtimeVersion: "0.1.0",
      dependencies: {},
      allowScripts: {},
    });
    expect(readme).not.toMatch(/npx/);
    expect(readme).toContain("`npm run lambda -- path/to/emotions.zip`");
    expect(readme).toContain("`npm run cli -- run path/to/emotions.zip --request path/to/requests/<name>.msgpack`");
  });
});
