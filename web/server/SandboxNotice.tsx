/**
 * A plain warning when this server runs lambdas without an OS sandbox (docs/security.md): read
 * from /healthcheck, which answers 503 while models load, so it asks again until it answers.
 */
import { useEffect, useState } from "react";
import { z } from "zod";

const healthSchema = z.object({
  lambda_sandbox: z.object({ kind: z.enum(["bubblewrap", "none"]), detail: z.string(), required: z.boolean() }),
});

export function SandboxNotice() {
  const [sandbox, setSandbox] = useState<z.infer<typeof healthSchema>["lambda_sandbox"] | null>(null);
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = async (attempt: number) => {
      try {
        const response = await fetch("/healthcheck");
        const parsed = healthSchema.safeParse(await response.json());
        if (parsed.success && !stopped) return setSandbox(parsed.data.lambda_sandbox);
      } catch {
        // the server is starting or gone; ask again below
      }
      if (!stopped && attempt < 30) timer = setTimeout(() => void ask(attempt + 1), 2000);
    };
    void ask(0);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  if (sandbox?.kind !== "none") return null;
  return (
    <div className="sandbox-notice" role="alert" data-testid="sandbox-notice">
      {sandbox.required
        ? `Server lambdas are refused here: LAMBDA_SANDBOX=required and no OS sandbox can start (${sandbox.detail}).`
        : `Server lambdas run without an OS sandbox here (${sandbox.detail}): only Node's permission model stands between lambda code and this machine. Run only code you trust.`}
    </div>
  );
}
