/**
 * The playground's project file ("Save project"): code, target, settings, images (base64) with
 * their boxes, the user's mask model. The page saves and opens it; the CLI exports it.
 */
import { z } from "zod";
import { lambdaSettingsSchema } from "../lambda/settings.ts";

export const PROJECT_FILE_VERSION = 1;

const box = z.strictObject({
  id: z.string().min(1),
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  source: z.enum(["user", "detector"]),
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
});
export type ProjectFile = z.input<typeof projectFileSchema>;
export type ParsedProjectFile = z.output<typeof projectFileSchema>;
