import { z } from "zod";

/** The Luna error body. */
export const lunaErrorBodySchema = z.object({
  error_code: z.number().int(),
  desc: z.string(),
  detail: z.string(),
  link: z.string(),
});
