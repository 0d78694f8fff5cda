/**
 * One loaded lambda module, ready to answer requests: its `UserCtx` started once, then per
 * request the clients, the request object of the lambda's type and Luna's reply rules. Shared by
 * the sandboxed runner on the server and the exported project's in-process runtime, so both
 * answer exactly alike.
 */
import { Clients, type ClientContext } from "./clients/clients.ts";
import { invokeLambda, replyForError, type LambdaReply, type LambdaType } from "./invoke.ts";
import { logger } from "./logger.ts";
import { HandlersLambdaRequest, StandaloneLambdaRequest, type IncomingLambdaRequest } from "./request.ts";
import type { LambdaSettings } from "./settings.ts";

type Main = (request: unknown) => unknown;

/** What a compiled lambda_main exports. */
export interface LambdaModule {
  main?: Main;
  UserCtx?: new () => { onStart?(): unknown; onShutdown?(): unknown };
}

export interface LambdaInstance {
  /** Resolves once UserCtx.onStart has run; rejects when it (or a missing main) fails. */
  readonly ready: Promise<void>;
  invoke(incoming: IncomingLambdaRequest): Promise<LambdaReply>;
  shutdown(): Promise<void>;
}

export function createLambdaInstance(
  module: LambdaModule,
  type: LambdaType,
  settings: LambdaSettings,
  clientOptions: Pick<ClientContext, "fetch"> = {},
): LambdaInstance {
  let userCtx: InstanceType<NonNullable<LambdaModule["UserCtx"]>> | undefined;
  const ready = (async () => {
    if (typeof module.main !== "function") throw new Error("lambda_main.ts must export an async function main(request)");
    userCtx = module.UserCtx ? new module.UserCtx() : undefined;
    await userCtx?.onStart?.();
  })();
  // Callers learn of a failed start through `ready` or the first invoke; never as an unhandled rejection.
  ready.catch(() => undefined);
  return {
    ready,
    invoke(incoming) {
      return logger.withRequest(incoming.requestId, async () => {
        try {
          await ready;
          const clients = new Clients(settings, {
            accountId: incoming.headers["luna-account-id"] ?? null,
            requestId: incoming.requestId,
            ...clientOptions,
          });
          const request = type === "handlers" ? new HandlersLambdaRequest(incoming, clients) : new StandaloneLambdaRequest(incoming, clients);
          request.userCtx = userCtx;
          return await invokeLambda(module.main as Main, request, type);
        } catch (error) {
          return replyForError(error);
        }
      });
    },
    async shutdown() {
      await ready.catch(() => undefined);
      await userCtx?.onShutdown?.();
    },
  };
}
