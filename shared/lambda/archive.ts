/**
 * Reads a lambda zip: lambda_main.ts at the root (or inside one top folder), other .ts modules,
 * an optional lambda.json ({lambda_type?, name?, settings?}) and any other files (e.g. models/).
 * Entries are inflated measured (zipEntries.ts) and every path is checked (projectPath.ts) before
 * the caller writes anything.
 * A project exported by the playground reads back the same way: its generated files (package.json,
 * vendor/, Dockerfile, k8s/ …) are skipped and requests/ becomes the saved test requests.
 */
import { z } from "zod";
import { Errors, LunaError } from "../luna/errors.ts";
import { lambdaTypeSchema } from "../luna/schemas/lambdas.ts";
import { formatIssuePath } from "../luna/validate.ts";
import { projectPathProblem } from "./projectPath.ts";
import { readSavedRequestEntries, type ExportedRequest } from "./savedRequests.ts";
import { readZipEntries, ZipError } from "./zipEntries.ts";

export const MAX_ARCHIVE_ENTRIES = 500;
export const MAX_ARCHIVE_BYTES = 64 * 1024 * 1024;

/** lambda.json: the lambda's name, type and settings (also read by exported projects). */
export const lambdaJsonSchema = z.strictObject({
  name: z.string().min(1).max(128).optional(),
  lambda_type: lambdaTypeSchema.optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
});

const GENERATED_FILES = new Set([
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "README.md",
  "Dockerfile",
  ".dockerignore",
  ".npmrc",
]);
const GENERATED_FOLDERS = ["vendor/", "k8s/", "dist/", "node_modules/", "requests/"];

/** Files an export generates: never part of the lambda itself. */
export function isReservedProjectPath(path: string): boolean {
  return GENERATED_FILES.has(path) || GENERATED_FOLDERS.some((folder) => path.startsWith(folder));
}

export interface LambdaArchive {
  /** lambda_main.ts (typescript) or lambda_main.py (python, as LUNA's Lambda service takes it). */
  language: "typescript" | "python";
  code: string;
  modules: Record<string, string>;
  /** Other files (models, data), by relative path. */
  files: Record<string, Uint8Array>;
  name?: string;
  lambdaType?: "handlers" | "standalone";
  settings: Record<string, unknown>;
  requests: ExportedRequest[];
}

function bad(message: string): LunaError {
  return new LunaError(Errors.BadInputData, `lambda archive: ${message}`);
}

/** A lambda zip → the lambda; a zip that lies about its sizes or holds an unsafe path is a 400. */
export async function readLambdaArchive(bytes: Uint8Array): Promise<LambdaArchive> {
  let entries: Record<string, Uint8Array>;
  try {
    entries = await readZipEntries(bytes, { maxEntries: MAX_ARCHIVE_ENTRIES, maxBytes: MAX_ARCHIVE_BYTES });
  } catch (error) {
    if (error instanceof ZipError) throw bad(`not a readable zip (${error.message})`);
    throw error;
  }
  return lambdaArchiveFromEntries(entries);
}

/** Zip entries (or a folder's files) by path → the lambda, every path checked. */
export function lambdaArchiveFromEntries(given: Record<string, Uint8Array>): LambdaArchive {
  let entries = given;
  let names = Object.keys(entries).filter((n) => !n.startsWith("__MACOSX/"));
  for (const name of names) {
    const problem = projectPathProblem(name);
    if (problem) throw bad(`unsafe path '${name.slice(0, 300)}': ${problem}`);
  }
  const hasEntry = (prefix: string) =>
    names.includes(`${prefix}lambda_main.ts`) || names.includes(`${prefix}lambda_main.py`);
  // Accept archives that wrap everything in one top folder (what "compress folder" makes).
  if (!hasEntry("")) {
    const tops = new Set(names.map((n) => n.split("/")[0]));
    const [top] = [...tops];
    if (tops.size === 1 && hasEntry(`${top}/`)) {
      entries = Object.fromEntries(names.map((n) => [n.slice(top!.length + 1), entries[n]!]));
      names = Object.keys(entries);
    }
  }
  if (!hasEntry("")) throw bad("lambda_main.ts (TypeScript) or lambda_main.py (Python) must be at the archive's root");
  if (names.includes("lambda_main.ts") && names.includes("lambda_main.py"))
    throw bad("both lambda_main.ts and lambda_main.py: keep the one the lambda is written in");
  const language = names.includes("lambda_main.py") ? "python" : "typescript";
  const entry = language === "python" ? "lambda_main.py" : "lambda_main.ts";
  const isModule = (name: string) =>
    language === "python" ? name.endsWith(".py") || name === "requirements.txt" : name.endsWith(".ts");
  const text = (name: string) => new TextDecoder().decode(entries[name]);
  let meta: z.output<typeof lambdaJsonSchema> = {};
  if (names.includes("lambda.json")) {
    let json: unknown;
    try {
      json = JSON.parse(text("lambda.json"));
    } catch {
      throw bad("lambda.json is not JSON");
    }
    const parsed = lambdaJsonSchema.safeParse(json);
    if (!parsed.success)
      throw bad(`lambda.json ${formatIssuePath(parsed.error.issues[0]!.path)}: ${parsed.error.issues[0]!.message}`);
    meta = parsed.data;
  }
  const modules: Record<string, string> = {};
  const files: Record<string, Uint8Array> = {};
  let requests: ExportedRequest[];
  try {
    const saved = names.filter((n) => n.startsWith("requests/") && !n.slice("requests/".length).includes("/"));
    requests = readSavedRequestEntries(
      Object.fromEntries(saved.map((n) => [n.slice("requests/".length), entries[n]!])),
      "requests/",
    );
  } catch (error) {
    throw bad((error as Error).message);
  }
  for (const name of names) {
    if (name === entry || name === "lambda.json" || isReservedProjectPath(name)) continue;
    if (isModule(name)) modules[name] = text(name);
    else files[name] = entries[name]!;
  }
  return {
    language,
    code: text(entry),
    modules,
    files,
    name: meta.name,
    lambdaType: meta.lambda_type,
    settings: meta.settings ?? {},
    requests,
  };
}
