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
import { allowedMethods, HandlerReply, HTTP_METHODS, normalisePath, type UserHandlerClass } from "./userHandler.ts";
import { Errors, LunaError } from "../luna/errors.ts";

type Main = (request: unknown) => unknown;

/** What a compiled lambda_main exports. */
export interface LambdaModule {
  main?: Main;
  UserCtx?: new () => { onStart?(): unknown; onShutdown?(): unknown };
  /** Additional routes: path → handler class (userHandler.ts). */
  routes?: Record<string, UserHandlerClass>;
}

export interface LambdaRoute {
  path: string;
  methods: string[];
  handlerName: string;
}

export interface LambdaInstance {
  /** Resolves once UserCtx.onStart has run; rejects when it (or a missing main) fails. */
  readonly ready: Promise<void>;
  invoke(incoming: IncomingLambdaRequest): Promise<LambdaReply>;
  /** The lambda's additional routes (paths normalised to "/x"). */
  routes(): LambdaRoute[];
  /** One request to an additional route (its method must be one the handler has). */
  invokeRoute(path: string, incoming: IncomingLambdaRequest): Promise<LambdaReply>;
  shutdown(): Promise<void>;
}

/** The module's routes, checked: "/path" keys and handler classes with at least one HTTP method. */
function moduleRoutes(module: LambdaModule): Map<string, { handler: UserHandlerClass; route: LambdaRoute }> {
  const routes = new Map<string, { handler: UserHandlerClass; route: LambdaRoute }>();
  for (const [rawPath, handler] of Object.entries(module.routes ?? {})) {
    const path = normalisePath(rawPath);
    if (!/^\/[A-Za-z0-9_\-/.]+$/.test(path) || ["/main", "/healthcheck", "/metrics", "/docs/spec"].includes(path)) {
      throw new Error(
        `routes: '${rawPath}' is not a path a lambda may add (letters, digits, - _ . /; not /main, /healthcheck, /metrics, /docs/spec)`,
      );
    }
    if (typeof handler !== "function") throw new Error(`routes['${rawPath}'] must be a LambdaUserHandler class`);
    const methods = allowedMethods(handler);
    if (methods.length === 0)
      throw new Error(`routes['${rawPath}']: ${handler.name} has none of the methods ${HTTP_METHODS.join(", ")}`);
    routes.set(path, { handler, route: { path, methods, handlerName: handler.name } });
  }
  return routes;
}

export function createLambdaInstance(
  module: LambdaModule,
  type: LambdaType,
  settings: LambdaSettings,
  clientOptions: Pick<ClientContext, "fetch"> = {},
): LambdaInstance {
  let userCtx: InstanceType<NonNullable<LambdaModule["UserCtx"]>> | undefined;
  let routes = new Map<string, { handler: UserHandlerClass; route: LambdaRoute }>();
  const ready = (async () => {
    if (typeof module.main !== "function")
      throw new Error("lambda_main.ts must export an async function main(request)");
    routes = moduleRoutes(module);
    userCtx = module.UserCtx ? new module.UserCtx() : undefined;
    await userCtx?.onStart?.();
  })();
  const clientsFor = (incoming: IncomingLambdaRequest) =>
    new Clients(settings, {
      accountId: incoming.headers["luna-account-id"] ?? null,
      requestId: incoming.requestId,
      ...clientOptions,
    });
  // Callers learn of a failed start through `ready` or the first invoke; never as an unhandled rejection.
  ready.catch(() => undefined);
  return {
    ready,
    invoke(incoming) {
      return logger.withRequest(incoming.requestId, async () => {
        try {
          await ready;
          const clients = clientsFor(incoming);
          const request =
            type === "handlers"
              ? new HandlersLambdaRequest(incoming, clients, settings)
              : new StandaloneLambdaRequest(incoming, clients, settings);
          request.userCtx = userCtx;
          return await invokeLambda(module.main as Main, request, type);
        } catch (error) {
          return replyForError(error);
        }
      });
    },
    routes: () => [...routes.values()].map((r) => r.route),
    invokeRoute(path, incoming) {
      return logger.withRequest(incoming.requestId, async () => {
        try {
          await ready;
          const found = routes.get(path);
          if (!found) throw new LunaError(Errors.LambdaPathNotFound, path, [...routes.keys()].join(", "));
          const request = new StandaloneLambdaRequest(incoming, clientsFor(incoming), settings);
          request.userCtx = userCtx;
          const handler = new found.handler(request);
          const method = (handler as unknown as Record<string, unknown>)[incoming.method.toLowerCase()];
          if (typeof method !== "function")
            throw new LunaError(Errors.LambdaMethodNotAllowed, path, found.route.methods.join(", "), incoming.method);
          const result: unknown = await (method as () => unknown).call(handler);
          return result instanceof HandlerReply
            ? { status: result.status, body: result.body ?? null }
            : { status: 200, body: result ?? null };
        } catch (error) {
          const reply = replyForError(error);
          if (reply.status >= 500) logger.error(`route ${path} failed:`, error);
          return reply;
        }
      });
    },
    async shutdown() {
      await ready.catch(() => undefined);
      await userCtx?.onShutdown?.();
    },
  };
}
