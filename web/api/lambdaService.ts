/** Runs the editor's lambda on the server: create it, wait for the build, call proxy/main, read its logs, delete it. */
import { z } from "zod";
import { lunaErrorBodySchema } from "../../shared/luna/schemas/error.ts";
import type { LogRecord } from "../../shared/lambda/logger.ts";
import type { CompileError } from "../runtime/lambdaProtocol.ts";

const ACCOUNT_KEY = "luna-lambda-playground:account-id";

/** The playground's account on the embedded services (one per browser profile). */
export function accountId(): string {
  let id = localStorage.getItem(ACCOUNT_KEY);
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem(ACCOUNT_KEY, id);
  }
  return id;
}

export type ServerLambdaResult =
  | { kind: "compileFailed"; errors: CompileError[] }
  | { kind: "reply"; status: number; body: unknown; logs: LogRecord[]; timings: { buildMs: number; callMs: number } };

const createdSchema = z.object({ lambda_id: z.string() });
const statusSchema = z.object({
  status: z.string(),
  errors: z.array(z.object({ text: z.string(), file: z.string().nullish(), line: z.number().nullable(), column: z.number().nullable() })).nullish(),
});
const logsSchema = z.object({ logs: z.array(z.object({ time: z.string(), level: z.enum(["DEBUG", "INFO", "WARNING", "ERROR"]), requestId: z.string().nullable(), message: z.string() })) });

async function lunaFailure(response: Response): Promise<Error> {
  const error = lunaErrorBodySchema.safeParse(await response.json().catch(() => null));
  return new Error(error.success ? `${error.data.error_code}: ${error.data.detail}` : `HTTP ${response.status}`);
}

export async function runOnServer(code: string, language: "typescript" | "python", request: Uint8Array, timeoutMs = 60_000): Promise<ServerLambdaResult> {
  const headers = { "Luna-Account-Id": accountId() };
  const started = performance.now();
  const created = await fetch("/luna-lambda/1/lambdas", {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ name: "playground", lambda_type: "handlers", language, code }),
  });
  if (created.status !== 201) throw await lunaFailure(created);
  const { lambda_id: lambdaId } = createdSchema.parse(await created.json());
  try {
    for (;;) {
      const status = statusSchema.parse(await (await fetch(`/luna-lambda/1/lambdas/${lambdaId}/status`, { headers })).json());
      if (status.status === "failed") {
        return { kind: "compileFailed", errors: (status.errors ?? []).map((e) => ({ ...e, file: e.file ?? (language === "python" ? "lambda_main.py" : "lambda_main.ts") })) };
      }
      if (status.status === "running") break;
      if (performance.now() - started > timeoutMs) throw new Error(`the server did not build the lambda within ${timeoutMs / 1000} s`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const buildMs = performance.now() - started;
    const reply = await fetch(`/luna-lambda/1/lambdas/${lambdaId}/proxy/main`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/msgpack" },
      body: request as Uint8Array<ArrayBuffer>,
    });
    const body: unknown = await reply.json().catch(() => null);
    const callMs = performance.now() - started - buildMs;
    const logs = logsSchema.safeParse(await (await fetch(`/luna-lambda/1/lambdas/${lambdaId}/logs`, { headers })).json());
    return { kind: "reply", status: reply.status, body, logs: logs.success ? logs.data.logs : [], timings: { buildMs, callMs } };
  } finally {
    // One lambda per run keeps the service tidy.
    void fetch(`/luna-lambda/1/lambdas/${lambdaId}`, { method: "DELETE", headers });
  }
}
