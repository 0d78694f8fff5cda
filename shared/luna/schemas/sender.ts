/** Luna Sender (api 1): user events published to WebSocket subscribers. */
import { z } from "zod";
import { freeFormJson } from "../inputSafety.ts";

export const publishSchema = z.strictObject({
  events: freeFormJson(z.array(z.unknown()).min(1).max(1000)),
  handler_id: z.string().min(1).max(64),
  event_create_time: z.string().max(64).optional(),
  event_end_time: z.string().max(64).optional(),
});
export type Publish = z.output<typeof publishSchema>;

export const senderMessageSchema = z.object({
  account_id: z.string(),
  handler_id: z.string(),
  event_create_time: z.string().nullable(),
  event_end_time: z.string().nullable(),
  events: z.array(z.unknown()),
});
export type SenderMessage = z.infer<typeof senderMessageSchema>;
