/** Luna Lambda (api 1) wire schemas, as far as the playground's lambda service uses them. */
import { z } from "zod";
import { freeFormJson } from "../inputSafety.ts";
import { projectPathSchema } from "../../lambda/projectPath.ts";
import { paginationQuery } from "./common.ts";

export const lambdaTypeSchema = z.enum(["handlers", "standalone"]);

export const createLambdaSchema = z.strictObject({
  name: z.string().min(1).max(128),
  lambda_type: lambdaTypeSchema.default("handlers"),
  /** typescript: code is lambda_main.ts; python: lambda_main.py (run with Pyodide). */
  language: z.enum(["typescript", "python"]).default("typescript"),
  /** lambda_main.ts or lambda_main.py */
  code: z.string().min(1).max(1_000_000),
  /** Other modules next to lambda_main: relative path → source (.ts for TypeScript; .py or requirements.txt for Python). */
  modules: z
    .record(
      z
        .string()
        .regex(
          /^[A-Za-z0-9_\-/]+\.(ts|py)$|^requirements\.txt$/,
          "module paths are relative .ts or .py files (or requirements.txt)",
        ),
      z.string().max(1_000_000),
    )
    .default({}),
  /** Lambda settings overriding the defaults (LUNA_*_ADDRESS, ADDITIONAL_SERVICES_USAGE, …). */
  settings: freeFormJson(z.record(z.string(), z.unknown())).default({}),
});
export type CreateLambda = z.output<typeof createLambdaSchema>;

/** The lambda's other files (models/mask.onnx, models/mask.json …), base64: what a zip's non-code entries are. */
export const lambdaFilesSchema = z
  .array(z.strictObject({ path: projectPathSchema, base64: z.base64() }))
  .max(100)
  .default([]);

/**
 * Body of POST /lambdas and PUT /lambdas/{id} as JSON or msgpack: the code with its other files,
 * so every target runs the same lambda (a zip upload carries them as entries).
 */
export const lambdaSourceSchema = createLambdaSchema.extend({ files: lambdaFilesSchema }).superRefine((source, ctx) => {
  source.files.forEach((file, index) => {
    // Code goes in `code`/`modules` (where it is checked as code); a file must not replace it.
    if (/\.(ts|py)$/.test(file.path) || file.path === "requirements.txt" || file.path === "lambda.json") {
      ctx.addIssue({
        code: "custom",
        path: ["files", index, "path"],
        message: `'${file.path}' is code or lambda settings: send it in modules or settings`,
      });
    }
  });
});
export type LambdaSource = z.output<typeof lambdaSourceSchema>;

export const lambdasQuerySchema = z.strictObject({ ...paginationQuery });

export const lambdaStatusSchema = z.enum(["waiting", "running", "failed"]);

export const lambdaSchema = z.object({
  lambda_id: z.string(),
  account_id: z.string(),
  name: z.string(),
  lambda_type: lambdaTypeSchema,
  status: lambdaStatusSchema,
  errors: z
    .array(
      z.object({
        text: z.string(),
        file: z.string().nullable(),
        line: z.number().nullable(),
        column: z.number().nullable(),
      }),
    )
    .nullable(),
  lambda_version: z.number().int(),
  create_time: z.string(),
  update_time: z.string(),
});
export type LambdaRecord = z.infer<typeof lambdaSchema>;

const savedReplySchema = z.strictObject({
  status: z.number().int().min(100).max(599),
  body: freeFormJson(z.unknown()),
});

/**
 * Headers kept with a saved request: Luna's (luna-account-id …) and custom x-… ones, the headers the
 * lambda service forwards to a lambda (shared/lambda/requestHeaders.ts); a bad name is reported by name.
 */
export const savedHeadersSchema = z.record(z.string(), z.string().max(1024)).superRefine((headers, ctx) => {
  for (const name of Object.keys(headers)) {
    if (!/^(luna|x)-[a-z0-9-]+$/.test(name) || name.startsWith("x-forwarded-"))
      ctx.addIssue({ code: "custom", path: [name], message: "Luna or custom header names (luna-…, x-…, lower case)" });
  }
});

/** The query string kept with a saved request: flat names (no brackets) → values. */
export const savedQuerySchema = z.record(
  z.string().regex(/^[A-Za-z0-9_.~-]{1,128}$/, "plain query names (letters, digits, _ . ~ -)"),
  z.string().max(8192),
);

/** Body of POST /export: a lambda as the playground holds it, with the requests it ran. */
export const exportLambdaSchema = z.strictObject({
  name: z.string().min(1).max(128),
  lambda_type: lambdaTypeSchema.default("handlers"),
  language: createLambdaSchema.shape.language,
  code: z.string().min(1).max(1_000_000),
  modules: createLambdaSchema.shape.modules,
  files: lambdaFilesSchema,
  settings: createLambdaSchema.shape.settings,
  requests: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(128),
        body: z.base64(),
        /** Luna headers the request was sent with (luna-account-id …). */
        headers: savedHeadersSchema.default({}),
        /** The query string it was sent with. */
        query: savedQuerySchema.default({}),
        reply: savedReplySchema.nullable().default(null),
      }),
    )
    .max(50)
    .default([]),
});
export type ExportLambda = z.output<typeof exportLambdaSchema>;
