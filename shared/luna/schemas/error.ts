import { z } from "zod";

/** The Luna error body as an OpenAPI component: the services' documents and a lambda's generated one. */
export const LUNA_ERROR_OPENAPI_SCHEMA = {
  type: "object",
  required: ["error_code", "desc", "detail", "link"],
  properties: {
    error_code: { type: "integer" },
    desc: { type: "string" },
    detail: { type: "string" },
    link: { type: "string" },
  },
} as const;

/** The Luna error body. */
export const lunaErrorBodySchema = z.object({
  error_code: z.number().int(),
  desc: z.string(),
  detail: z.string(),
  link: z.string(),
});
