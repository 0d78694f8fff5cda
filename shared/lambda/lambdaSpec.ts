/** A lambda's own OpenAPI document, when it ships one next to lambda_main: openapi.json, .yml or .yaml. */
import { parse as parseYaml } from "yaml";

export { LAMBDA_SPEC_FILES, LAMBDA_SPEC_JSON } from "./lambdaSpecFiles.ts";

/** The parsed document; a file that is not JSON/YAML or not an object throws naming the file. */
export function parseLambdaSpec(file: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = file.endsWith(".json") ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new Error(`${file} is not ${file.endsWith(".json") ? "JSON" : "YAML"}: ${(error as Error).message}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error(`${file} must hold an OpenAPI document (an object)`);
  return value as Record<string, unknown>;
}
