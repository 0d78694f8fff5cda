/**
 * The project's server lambda, kept between runs: created once, updated (PUT, same id) only when
 * the code, modules, files, type or settings change, and called with one `proxy/main` request per
 * run. Its id survives reloads (localStorage); a lambda the server no longer has is made again.
 */
import { encode } from "@msgpack/msgpack";
import { z } from "zod";
import { bytesToBase64 } from "../../shared/luna/schemas/common.ts";
import { lunaErrorBodySchema } from "../../shared/luna/schemas/error.ts";
import { parseServerTiming } from "../../shared/luna/serverTiming.ts";
import type { LambdaType } from "../../shared/lambda/invoke.ts";
import type { LogRecord } from "../../shared/lambda/logger.ts";
import type { CompileError } from "../runtime/lambdaProtocol.ts";

const ACCOUNT_KEY = "luna-lambda-playground:account-id";
const KEPT_KEY = "luna-lambda-playground:server-lambda";
const API = "/luna-lambda/1";

/** The playground's account on the embedded services (one per browser profile). */
export function accountId(): string {
  let id = localStorage.getItem(ACCOUNT_KEY);
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem(ACCOUNT_KEY, id);
  }
  return id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Makes `id` the playground's account (a UUID, as Luna-Account-Id must be); the problem, or null once set. */
export function setAccountId(id: string): string | null {
  if (!UUID.test(id.trim())) return "an account id is a UUID, e.g. 6c5b1c1e-58c1-4bd1-9d3e-2f7a8b9c0d1e";
  localStorage.setItem(ACCOUNT_KEY, id.trim().toLowerCase());
  return null;
}

/** Everything the server builds a lambda from. */
export interface ServerLambdaSource {
  name: string;
  language: "typescript" | "python";
  lambdaType: LambdaType;
  code: string;
  modules: Record<string, string>;
  files: Record<string, Uint8Array>;
  settings: Record<string, unknown>;
}

const keptSchema = z.object({
  lambdaId: z.string(),
  /** sha-256 of the source it was built from. */
  fingerprint: z.string(),
  proxyUrl: z.string(),
  version: z.number().int(),
  errors: z.array(
    z.object({ file: z.string(), line: z.number().nullable(), column: z.number().nullable(), text: z.string() }),
  ),
});
export type KeptServerLambda = z.infer<typeof keptSchema>;

const builtSchema = z.object({
  lambda_id: z.string(),
  proxy_url: z.string(),
  status: z.enum(["waiting", "running", "failed"]),
  lambda_version: z.number().int(),
  errors: z
    .array(
      z.object({
        text: z.string(),
        file: z.string().nullish(),
        line: z.number().nullable(),
        column: z.number().nullable(),
      }),
    )
    .nullable(),
});
const logsSchema = z.object({
  logs: z.array(
    z.object({
      time: z.string(),
      level: z.enum(["DEBUG", "INFO", "WARNING", "ERROR"]),
      requestId: z.string().nullable(),
      message: z.string(),
    }),
  ),
});

async function lunaFailure(response: Response): Promise<Error> {
  const error = lunaErrorBodySchema.safeParse(await response.json().catch(() => null));
  return new Error(error.success ? `${error.data.error_code}: ${error.data.detail}` : `HTTP ${response.status}`);
}

/** A stable digest of the source: msgpack of its parts in a fixed order (files sorted by path). */
export async function sourceFingerprint(source: ServerLambdaSource): Promise<string> {
  const sorted = <T>(record: Record<string, T>) =>
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]] as const);
  const bytes = encode([
    source.name,
    source.language,
    source.lambdaType,
    source.code,
    sorted(source.modules),
    sorted(source.files),
    JSON.stringify(source.settings),
  ]);
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export interface ServerReply {
  status: number;
  body: unknown;
  requestId: string | null;
  /** The reply's Server-Timing: the sdk calls' stages and `lambda` (the process's own time). */
  serverTiming: Record<string, number>;
}

export type EnsureResult =
  | { kind: "ready"; kept: KeptServerLambda; builtMs: number | null }
  | { kind: "compileFailed"; kept: KeptServerLambda; errors: CompileError[] };

export class ServerLambdaSession {
  private kept: KeptServerLambda | null;

  constructor(private readonly storage: Pick<Storage, "getItem" | "setItem" | "removeItem"> = localStorage) {
    const stored = keptSchema.safeParse(JSON.parse(storage.getItem(KEPT_KEY) ?? "null"));
    this.kept = stored.success ? stored.data : null;
  }

  /** The kept lambda, if one was made (its id and proxy/main URL for the page). */
  current(): KeptServerLambda | null {
    return this.kept;
  }

  private headers(): Record<string, string> {
    return { "Luna-Account-Id": accountId() };
  }

  private keep(kept: KeptServerLambda | null): void {
    this.kept = kept;
    if (kept) this.storage.setItem(KEPT_KEY, JSON.stringify(kept));
    else this.storage.removeItem(KEPT_KEY);
  }

  /** Makes the kept lambda match `source`: no call when it already does, else one create or update (it builds before answering). */
  async ensure(source: ServerLambdaSource): Promise<EnsureResult> {
    const fingerprint = await sourceFingerprint(source);
    const kept = this.kept;
    if (kept && kept.fingerprint === fingerprint) {
      return kept.errors.length > 0
        ? { kind: "compileFailed", kept, errors: kept.errors }
        : { kind: "ready", kept, builtMs: null };
    }
    const started = performance.now();
    const body = JSON.stringify({
      name: source.name,
      lambda_type: source.lambdaType,
      language: source.language,
      code: source.code,
      modules: source.modules,
      files: Object.entries(source.files).map(([path, bytes]) => ({ path, base64: bytesToBase64(bytes) })),
      settings: source.settings,
    });
    const send = (method: "POST" | "PUT", path: string) =>
      fetch(`${API}${path}`, { method, headers: { ...this.headers(), "content-type": "application/json" }, body });
    let response = kept ? await send("PUT", `/lambdas/${kept.lambdaId}`) : await send("POST", "/lambdas");
    // The server lost it (another data folder, deleted by hand): make a new one.
    if (kept && response.status === 404) response = await send("POST", "/lambdas");
    if (response.status !== 200 && response.status !== 201) throw await lunaFailure(response);
    const built = builtSchema.parse(await response.json());
    const entry = source.language === "python" ? "lambda_main.py" : "lambda_main.ts";
    const errors = built.status === "failed" ? (built.errors ?? []).map((e) => ({ ...e, file: e.file ?? entry })) : [];
    const next = {
      lambdaId: built.lambda_id,
      fingerprint,
      proxyUrl: built.proxy_url,
      version: built.lambda_version,
      errors,
    };
    this.keep(next);
    return errors.length > 0
      ? { kind: "compileFailed", kept: next, errors }
      : { kind: "ready", kept: next, builtMs: performance.now() - started };
  }

  /** One run: the msgpack (or JSON) body, the request's headers and query to proxy/main, the reply as the lambda gave it. */
  async call(
    body: Uint8Array,
    contentType: string,
    headers: Record<string, string> = {},
    query: Record<string, string> = {},
  ): Promise<ServerReply | { gone: true }> {
    const kept = this.kept;
    if (!kept) throw new Error("no server lambda yet");
    const search = new URLSearchParams(query).toString();
    const response = await fetch(`${API}/lambdas/${kept.lambdaId}/proxy/main${search ? `?${search}` : ""}`, {
      method: "POST",
      headers: { ...this.headers(), ...headers, "content-type": contentType },
      body: body as Uint8Array<ArrayBuffer>,
    });
    if (response.status === 404) {
      const error = lunaErrorBodySchema.safeParse(
        await response
          .clone()
          .json()
          .catch(() => null),
      );
      if (error.success && error.data.error_code === 42001) {
        this.keep(null);
        return { gone: true };
      }
    }
    return {
      status: response.status,
      body: (await response.json().catch(() => null)) as unknown,
      requestId: response.headers.get("luna-request-id"),
      serverTiming: parseServerTiming(response.headers.get("server-timing") ?? ""),
    };
  }

  /** The kept lambda's OpenAPI document (its own, or the one generated for its routes). */
  async spec(): Promise<unknown> {
    const kept = this.kept;
    if (!kept) throw new Error("run the lambda on the server first");
    const response = await fetch(`${API}/lambdas/${kept.lambdaId}/proxy/docs/spec`, { headers: this.headers() });
    if (!response.ok) throw await lunaFailure(response);
    return response.json();
  }

  /**
   * The kept lambda's own view of its services: `GET /healthcheck?include_luna_services=1` through
   * the proxy; service name → "ok" or what went wrong.
   */
  async checkServices(enabled: readonly string[]): Promise<Record<string, string>> {
    const kept = this.kept;
    if (!kept) throw new Error("no server lambda yet");
    const response = await fetch(`${API}/lambdas/${kept.lambdaId}/proxy/healthcheck?include_luna_services=1`, {
      headers: this.headers(),
    });
    const json: unknown = await response.json().catch(() => null);
    const ok = z.object({ services: z.record(z.string(), z.string()) }).safeParse(json);
    if (response.ok && ok.success) return ok.data.services;
    const error = lunaErrorBodySchema.safeParse(json);
    if (!error.success || error.data.error_code !== 95064) throw await lunaFailure(response);
    // 95064 names each failed service ("faces: …; events: …"); the others answered.
    // Split only before a service's name: a failure's own text may hold "; ".
    const names = enabled.map((n) => n.replace(/[^a-z_]/g, "")).join("|");
    const parts = error.data.detail.split(new RegExp(`; (?=(?:${names}): )`));
    const failed = Object.fromEntries(
      parts.map((part) => [part.slice(0, part.indexOf(":")), part.slice(part.indexOf(":") + 2)]),
    );
    return Object.fromEntries(enabled.map((name) => [name, failed[name] ?? "ok"]));
  }

  /** The log lines of one request of the kept lambda. */
  async logs(requestId: string | null): Promise<LogRecord[]> {
    const kept = this.kept;
    if (!kept) return [];
    const query = requestId ? `?request_id=${encodeURIComponent(requestId)}` : "";
    const response = await fetch(`${API}/lambdas/${kept.lambdaId}/logs${query}`, { headers: this.headers() });
    const logs = logsSchema.safeParse(await response.json().catch(() => null));
    return logs.success ? logs.data.logs : [];
  }
}
