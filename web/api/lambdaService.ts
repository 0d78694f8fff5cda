/** Runs the editor's lambda on the server: create (or re-create) it, wait for the build, call proxy/main. */
import { lunaErrorBodySchema } from "../../shared/luna/schemas/error.ts";

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

export interface LambdaRun {
  status: number;
  body: unknown;
  lambdaId: string;
}

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}

export async function runOnServer(code: string, request: Uint8Array): Promise<LambdaRun> {
  const headers = { "Luna-Account-Id": accountId() };
  const created = await fetch("/luna-lambda/1/lambdas", {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ name: "playground", lambda_type: "handlers", code }),
  });
  const createdBody = await json(created);
  if (created.status !== 201) {
    const error = lunaErrorBodySchema.safeParse(createdBody);
    throw new Error(error.success ? `${error.data.error_code}: ${error.data.detail}` : `HTTP ${created.status}`);
  }
  const lambdaId = createdBody.lambda_id as string;
  try {
    for (let i = 0; i < 100; i++) {
      const status = await json(await fetch(`/luna-lambda/1/lambdas/${lambdaId}/status`, { headers }));
      if (status.status === "failed") {
        const errors = (status.errors as { text: string; line: number | null; column: number | null }[]) ?? [];
        return { status: 400, lambdaId, body: { compile_errors: errors.map((e) => `lambda_main.ts:${e.line}:${e.column} ${e.text}`) } };
      }
      if (status.status === "running") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const reply = await fetch(`/luna-lambda/1/lambdas/${lambdaId}/proxy/main`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/msgpack" },
      body: request as Uint8Array<ArrayBuffer>,
    });
    return { status: reply.status, body: await reply.json(), lambdaId };
  } finally {
    // One lambda per run keeps the service tidy; a later issue keeps one per project instead.
    void fetch(`/luna-lambda/1/lambdas/${lambdaId}`, { method: "DELETE", headers });
  }
}
