/** `npm install` step: the built-in ONNX models into models/ (or MODELS_DIR), sha256-checked. */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { installBuiltinModels } from "../server/runtime/modelInstaller.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
try {
  installBuiltinModels(resolve(process.env.MODELS_DIR ?? join(root, "models")));
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
