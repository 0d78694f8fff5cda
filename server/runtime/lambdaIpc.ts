/**
 * The sandboxed lambda process's side of the IPC protocol: settings from the environment, logger
 * lines and engine.* calls to the server, one request at a time answered by a LambdaInstance.
 * Shared by the TypeScript runner and the Python (Pyodide) runner.
 */
import type { LambdaType } from "../../shared/lambda/invoke.ts";
import { createLambdaInstance, type LambdaModule } from "../../shared/lambda/lambdaInstance.ts";
import { logger } from "../../shared/lambda/logger.ts";
import { lambdaSettingsSchema } from "../../shared/lambda/settings.ts";
import { engineTransportFrom, setEngineTransport } from "../../shared/lambda/engine.ts";
import { LunaError } from "../../shared/luna/errors.ts";
import type { RunnerMessage, ServerMessage } from "./lambdaProtocol.ts";

export interface RunnerConfig {
  type: LambdaType;
  settings: unknown;
  /** Python lambdas: the pyodide package folder. */
  pyodideDir?: string;
}

const send = (message: RunnerMessage) => process.send?.(message);

export function runnerConfig(): RunnerConfig {
  return JSON.parse(process.env.LUNA_LAMBDA_CONFIG ?? "{}") as RunnerConfig;
}

export function serveLambdaOverIpc(loadModule: () => Promise<LambdaModule>): void {
  const config = runnerConfig();
  const settings = lambdaSettingsSchema.parse(config.settings);
  logger.configure({
    level: settings.LUNA_LAMBDA_UNIT_LOGGER.log_level,
    utc: settings.LUNA_LAMBDA_UNIT_LOGGER.log_time === "UTC",
    sink: (record) => send({ kind: "log", record }),
  });

  // engine.* calls go to the server's inference core over IPC (no native addons in the sandbox).
  const engineCalls = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let nextEngineCall = 1;
  setEngineTransport(
    engineTransportFrom((operation, args) => {
      const id = nextEngineCall++;
      return new Promise<unknown>((resolve, reject) => {
        engineCalls.set(id, { resolve, reject });
        send({ kind: "engine", id, operation, args });
      });
    }),
  );

  const lambda = loadModule().then(async (module) => {
    const instance = createLambdaInstance(module, config.type, settings);
    await instance.ready;
    return instance;
  });
  lambda.then(
    () => send({ kind: "ready" }),
    (error: unknown) => send({ kind: "startFailed", message: error instanceof Error ? error.message : String(error) }),
  );

  process.on("message", async (message: ServerMessage) => {
    if (message.kind === "engineReply" || message.kind === "engineError") {
      const call = engineCalls.get(message.id);
      engineCalls.delete(message.id);
      if (message.kind === "engineReply") call?.resolve(message.result);
      else {
        const e = message.error;
        call?.reject(new LunaError({ code: e.error_code, desc: e.desc, status: e.status, detail: e.detail }));
      }
      return;
    }
    if (message.kind !== "invoke") return;
    const reply = await (await lambda).invoke({ ...message.request, body: new Uint8Array(message.request.body) });
    send({ kind: "reply", id: message.id, status: reply.status, body: reply.body });
  });

  process.on("disconnect", () => process.exit(0));
}
