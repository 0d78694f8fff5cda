/**
 * The server lambda's inspector (POST/GET/DELETE /luna-lambda/1/lambdas/{id}/debugger): turning
 * it on restarts the kept lambda's process under Node's inspector; the answer says where
 * DevTools connects — the server machine's loopback, so only a browser on that machine can.
 */
import { z } from "zod";
import { lunaErrorBodySchema } from "../../shared/luna/schemas/error.ts";
import { accountId } from "./lambdaService.ts";

const debuggerSchema = z.object({
  lambda_id: z.string(),
  debugging: z.boolean(),
  websocket_url: z.string().optional(),
  devtools_url: z.string().optional(),
  port: z.number().int().optional(),
});
export type DebuggerState = z.infer<typeof debuggerSchema>;

async function send(lambdaId: string, method: "GET" | "POST" | "DELETE"): Promise<Response> {
  const response = await fetch(`/luna-lambda/1/lambdas/${encodeURIComponent(lambdaId)}/debugger`, {
    method,
    headers: { "Luna-Account-Id": accountId() },
  });
  if (response.ok) return response;
  const error = lunaErrorBodySchema.safeParse(await response.json().catch(() => null));
  throw new Error(error.success ? `${error.data.error_code}: ${error.data.detail}` : `HTTP ${response.status}`);
}

export async function debuggerState(lambdaId: string): Promise<DebuggerState> {
  return debuggerSchema.parse(await (await send(lambdaId, "GET")).json());
}

export async function startDebugger(lambdaId: string): Promise<DebuggerState> {
  return debuggerSchema.parse(await (await send(lambdaId, "POST")).json());
}

export async function stopDebugger(lambdaId: string): Promise<void> {
  await send(lambdaId, "DELETE");
}
