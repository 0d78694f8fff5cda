/**
 * The playground's project file ("Save project"): code, target, settings, images (base64) with
 * their boxes, the user's mask model. The page saves and opens it; the CLI exports it.
 */
import { z } from "zod";
import { lambdaSettingsSchema } from "../lambda/settings.ts";
import { requestSpecSchema } from "./requestSpec.ts";

export const PROJECT_FILE_VERSION = 1;

const box = z.strictObject({
  id: z.string().min(1),
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  source: z.enum(["user", "detector"]),
});

/** A saved test event (web/state/savedRequest.ts) with its body as base64. */
export const savedRequestFileSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$/, "letters, digits, - and _ (a file name)"),
  lambdaType: z.enum(["handlers", "standalone"]),
  contentType: z.enum(["application/msgpack", "application/json", "application/octet-stream"]),
  base64: z.base64(),
  headers: z.record(z.string().max(256), z.string().max(8192)).default({}),
  query: z.record(z.string().max(128), z.string().max(8192)).default({}),
  golden: z
    .strictObject({ status: z.number().int().min(100).max(599), body: z.unknown() })
    .nullable()
    .default(null),
});

export const projectFileSchema = z.strictObject({
  format: z.literal("luna-lambda-playground-project"),
  version: z.literal(PROJECT_FILE_VERSION),
  /** The user's name for the project (the lambda's name, the export's file name). */
  name: z.string().max(120).default("My lambda"),
  code: z.string(),
  /** The lambda's other modules (path → source), next to lambda_main. */
  modules: z.record(z.string().regex(/^[A-Za-z0-9_\-/]+\.(ts|py)$|^requirements\.txt$/), z.string()).default({}),
  language: z.enum(["typescript", "python"]).default("typescript"),
  templateId: z.string(),
  /** handlers (Luna-Handlers' msgpack of the images) or standalone (a free body). */
  lambdaType: z.enum(["handlers", "standalone"]).default("handlers"),
  /** A standalone lambda's request body and its content type. */
  standaloneBody: z.string().max(10_000_000).default('{"hello": "world"}'),
  standaloneContentType: z.enum(["application/json", "application/octet-stream"]).default("application/json"),
  target: z.enum(["server", "browser-wasm", "browser-webgpu"]),
  sendFaceBoundingBoxes: z.boolean(),
  timeoutS: z.number().int().min(1).max(600).default(30),
  maskModel: z
    .strictObject({ filename: z.string().min(1), base64: z.base64(), manifest: z.string() })
    .nullable()
    .default(null),
  /** lambda.json's settings: only what differs from the defaults, each group whole. */
  settings: lambdaSettingsSchema.partial().default({}),
  images: z.array(
    z.strictObject({
      id: z.string().min(1),
      filename: z.string(),
      mimetype: z.string(),
      base64: z.base64(),
      boxes: z.array(box),
    }),
  ),
  /** The request's other fields, headers and query (files before the request panel have none). */
  request: requestSpecSchema.default(() => requestSpecSchema.parse({})),
  /** Named test events with their golden replies. */
  savedRequests: z
    .array(savedRequestFileSchema)
    .max(50)
    .default([])
    .refine((list) => new Set(list.map((r) => r.name)).size === list.length, "two test events have the same name"),
});
export type ProjectFile = z.input<typeof projectFileSchema>;
export type ParsedProjectFile = z.output<typeof projectFileSchema>;
