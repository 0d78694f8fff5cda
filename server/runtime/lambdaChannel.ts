/**
 * The sandboxed lambda process's side of the channel to the server (fd 3, frameChannel.ts):
 * settings from the environment, logger lines, engine.* calls and every HTTP request of the
 * lambda go to the server; one request at a time is answered by a LambdaInstance. Inside the
 * sandbox there is no network: `fetch` (the clients' and the lambda's own) is forwarded by the
 * server, which decides what it may reach and with which account (lambdaEgress.ts).
 * Shared by the TypeScript runner and the Python (Pyodide) runner.
 */
import { Socket } from "node:net";
import type { LambdaType } from "../../shared/lambda/invoke.ts";
import { createLambdaInstance, type LambdaModule } from "../../shared/lambda/lambdaInstance.ts";
import { logger } from "../../shared/lambda/logger.ts";
import { lambdaSettingsSchema } from "../../shared/lambda/settings.ts";
import { engineTransportFrom, setEngineTransport } from "../../shared/lambda/engine.ts";
import { LunaError } from "../../shared/luna/errors.ts";
import { asyncRequestContext } from "./asyncRequestContext.ts";
import { cleanStack, type StackCleaning } from "../../shared/lambda/stackTrace.ts";
import { dirname, join } from "node:path";
import { existsSync, readFileSync } from "node:fs";
import { LambdaApp } from "../../shared/lambda/lambdaApp.ts";
import { LAMBDA_SPEC_JSON } from "../../shared/lambda/lambdaSpecFiles.ts";
import { fileURLToPath, pathToFileURL } from "node:url";
import { PendingCalls } from "../../shared/rpc/pendingCalls.ts";
import { FrameChannel } from "./frameChannel.ts";
import { truncateLogLine } from "./logLimits.ts";
import { refuseOwnSockets } from "./networkGuard.ts";
import type { EgressResponse, RunnerMessage, ServerMessage } from "./lambdaProtocol.ts";

export interface RunnerConfig {
  type: LambdaType;
  /** The lambda's name (its generated OpenAPI document's title). */
  name?: string;
  settings: unknown;
  /** TypeScript lambdas: the compiled lambda_main.mjs, as this process sees it. */
  entry?: string;
  /** Python lambdas: the pyodide package folder and the lambda's files. */
  pyodideDir?: string;
  pythonDir?: string;
  maxFrameBytes: number;
  logLineBytes: number;
}

/** Where the lambda's files and the runtime are inside this process (sandbox mounts, or host folders without one). */
function stackRoots(config: RunnerConfig): StackCleaning {
  const lambdaDir = dirname(config.entry ?? config.pythonDir ?? "/lambda/x");
  const runtimeDir = dirname(fileURLToPath(import.meta.url));
  const both = (dir: string) => [`${pathToFileURL(dir).href}/`, `${dir}/`];
  return { lambdaRoots: both(lambdaDir), runtimeRoots: both(runtimeDir) };
}

/** The lambda's own OpenAPI document, which its build left as JSON in the build folder (lambdaCompiler.ts). */
function readOwnSpec(buildDir: string): Record<string, unknown> | undefined {
  const path = join(buildDir, LAMBDA_SPEC_JSON);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>) : undefined;
}

function runnerConfig(): RunnerConfig {
  return JSON.parse(process.env.LUNA_LAMBDA_CONFIG ?? "{}") as RunnerConfig;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * How a runner gets the lambda's module: `prepare` runs as soon as the process starts (e.g. Pyodide),
 * `load` once the server says the lambda's build is there ({kind: "load"}), so a new lambda's
 * process can start while it is still being built.
 */
export interface LambdaLoader<P> {
  prepare(config: RunnerConfig): Promise<P>;
  load(prepared: P, config: RunnerConfig): Promise<LambdaModule>;
}

export function serveLambdaOverChannel<P>(loader: LambdaLoader<P>): void {
  const config = runnerConfig();
  const settings = lambdaSettingsSchema.parse(config.settings);
  const engineCalls = new PendingCalls<unknown>();
  const fetchCalls = new PendingCalls<EgressResponse>();
  let lambda: Promise<LambdaApp> | null = null;

  const channel = new FrameChannel(new Socket({ fd: 3, readable: true, writable: true }), config.maxFrameBytes, {
    message: (message) => void onMessage(message as ServerMessage),
    violation: () => process.exit(70),
    // The server is gone (or closed the channel): so is the lambda.
    close: () => process.exit(0),
  });
  const send = (message: RunnerMessage) => channel.send(message);
  refuseOwnSockets();

  logger.configure({
    level: settings.LUNA_LAMBDA_UNIT_LOGGER.log_level,
    utc: settings.LUNA_LAMBDA_UNIT_LOGGER.log_time === "UTC",
    // Requests are answered concurrently: each line carries the id of the request whose code wrote it.
    context: asyncRequestContext(),
    // The lambda's build folder (its files, by the source map) and the runtime's, as this process sees them.
    stack: (error) => cleanStack(error.stack ?? error.message, stackRoots(config)),
    sink: (record) =>
      send({ kind: "log", record: { ...record, message: truncateLogLine(record.message, config.logLineBytes) } }),
  });

  // engine.* calls go to the server's inference core (no native addons in the sandbox).
  setEngineTransport(
    engineTransportFrom((operation, args) => engineCalls.start((id) => send({ kind: "engine", id, operation, args }))),
  );

  const channelFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const body = request.body ? new Uint8Array(await request.arrayBuffer()) : null;
    const headers = Object.fromEntries(request.headers);
    const response = await fetchCalls.start(
      (id) =>
        send({
          kind: "fetch",
          id,
          request: { url: request.url, method: request.method, headers, body, timeoutMs: 60_000 },
        }),
      request.signal,
    );
    return new Response(NULL_BODY_STATUSES.has(response.status) ? null : (response.body as BodyInit), {
      status: response.status,
      headers: response.headers,
    });
  };
  globalThis.fetch = channelFetch as typeof fetch;

  async function onMessage(message: ServerMessage): Promise<void> {
    switch (message.kind) {
      case "engineReply":
        return void engineCalls.settle(message.id, { value: message.result });
      case "engineError": {
        const e = message.error;
        return void engineCalls.settle(message.id, {
          error: new LunaError({ code: e.error_code, desc: e.desc, status: e.status, detail: e.detail }),
        });
      }
      case "fetchReply":
        return void fetchCalls.settle(message.id, { value: message.response });
      case "fetchError":
        return void fetchCalls.settle(message.id, { error: new TypeError(`fetch failed: ${message.message}`) });
      case "load":
        return void load();
      case "invoke": {
        const app = await lambda!;
        const reply = await app.handle({ ...message.request, body: new Uint8Array(message.request.body) });
        return send({
          kind: "reply",
          id: message.id,
          status: reply.status,
          body: reply.body,
          contentType: reply.contentType,
          headers: reply.headers,
        });
      }
    }
  }

  const prepared = loader.prepare(config);
  prepared.catch(() => undefined);
  function load(): void {
    if (lambda) return;
    lambda = prepared
      .then((p) => loader.load(p, config))
      .then(async (module) => {
        const instance = createLambdaInstance(module, config.type, settings, { fetch: channelFetch as typeof fetch });
        await instance.ready;
        return new LambdaApp(instance, {
          name: config.name ?? "lambda",
          type: config.type,
          settings,
          spec: readOwnSpec(config.entry ? dirname(config.entry) : dirname(config.pythonDir!)),
          fetch: channelFetch as typeof fetch,
        });
      });
    lambda.then(
      () => send({ kind: "ready" }),
      (error: unknown) =>
        send({ kind: "startFailed", message: error instanceof Error ? error.message : String(error) }),
    );
  }
}
