/**
 * Luna Lambda stand-in, api 1: create a lambda from TypeScript code (JSON or a zip, also an
 * exported project), follow its status and logs, call it through `POST /lambdas/{id}/proxy/main`
 * (body and content type forwarded, the lambda's status and reply returned), download it as a
 * runnable project (`/archive`, or `POST /export` for code the playground holds), delete it.
 */
import { Errors, LunaError } from "../../shared/luna/errors.ts";
import { z } from "zod";
import { readLambdaArchive } from "../../shared/lambda/archive.ts";
import {
  createLambdaSchema,
  exportLambdaSchema,
  type CreateLambda,
  lambdaSourceSchema,
  lambdaTypeSchema,
  lambdasQuerySchema,
} from "../../shared/luna/schemas/lambdas.ts";
import { base64ToBytes } from "../../shared/luna/schemas/common.ts";
import { checkProjectInput, exportLambdaProject } from "../export/lambdaProject.ts";
import { isForwardedHeader } from "../../shared/lambda/requestHeaders.ts";
import { PROVIDED_REQUIREMENTS, unsatisfiableRequirements } from "../../shared/lambda/pythonRequirements.ts";
import { parseInput } from "../../shared/luna/validate.ts";
import { formatServerTiming } from "../../shared/luna/serverTiming.ts";
import { mediaType, parseBody, readRawBody } from "../http/body.ts";
import { route, type Reply, type ServiceTable } from "../http/routeTable.ts";
import type { Request } from "express";
import type { LambdaHost } from "../runtime/lambdaHost.ts";
import type { InspectorTarget } from "../runtime/inspectorBridge.ts";
import type { SandboxReply } from "../runtime/lambdaSandbox.ts";
import type { LambdasRepository, StoredLambda } from "../store/lambdasRepository.ts";
import { pathUuid } from "./pathParams.ts";

export const LAMBDA_PREFIX = "/luna-lambda/1";

const logsQuerySchema = z.strictObject({ request_id: z.string().min(1).max(256).optional() });
const archiveQuerySchema = z.strictObject({
  name: z.string().min(1).max(128).optional(),
  lambda_type: lambdaTypeSchema.optional(),
});

const PROXY_METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** Where DevTools connects to a debug lambda (docs/lambda-host.md, Debugging). */
const debuggerSchema = z.object({
  lambda_id: z.string(),
  debugging: z.boolean(),
  websocket_url: z.string().optional(),
  devtools_url: z.string().optional(),
  port: z.number().int().optional(),
});

function debuggerBody(lambdaId: string, target: InspectorTarget): z.infer<typeof debuggerSchema> {
  return {
    lambda_id: lambdaId,
    debugging: true,
    websocket_url: target.websocketUrl,
    devtools_url: target.devtoolsUrl,
    port: target.port,
  };
}

function serverTimingHeader(timing: NonNullable<SandboxReply["timing"]>): string {
  return formatServerTiming(
    { ...timing.stages, lambda: timing.lambdaMs },
    { lambda: "the lambda process, from request to reply" },
  );
}

/** An exported project as the download it is. */
function zipDownload(exported: { filename: string; zip: Uint8Array }): Reply {
  return { status: 200, file: { contentType: "application/zip", filename: exported.filename, bytes: exported.zip } };
}

/** A Python lambda's requirements.txt may name only what the playground provides (nothing installs offline). */
function checkRequirements(input: CreateLambda): void {
  const unsatisfied =
    input.language === "python" ? unsatisfiableRequirements(input.modules["requirements.txt"] ?? "") : [];
  if (unsatisfied.length > 0) {
    throw new LunaError(
      Errors.BadInputData,
      `requirements.txt: ${unsatisfied.join(", ")} cannot be installed here (offline); provided: ${PROVIDED_REQUIREMENTS.join(", ")} and the standard library`,
    );
  }
}

export function lambdasService(repo: LambdasRepository, host: LambdaHost, maxBodyBytes: number): ServiceTable {
  /** A lambda's sources from a zip (its entries) or from JSON/msgpack ({code, modules, files: [{path, base64}], …}). */
  const readSource = async (req: Request, query: z.output<typeof archiveQuerySchema>) => {
    if (mediaType(req) === "application/zip") {
      const archive = await readLambdaArchive(await readRawBody(req, maxBodyBytes));
      const input = parseInput(
        createLambdaSchema,
        {
          name: query.name ?? archive.name ?? "lambda",
          lambda_type: query.lambda_type ?? archive.lambdaType ?? "handlers",
          language: archive.language,
          code: archive.code,
          modules: archive.modules,
          settings: archive.settings,
        },
        "json",
      );
      checkRequirements(input);
      return { input, files: archive.files, requests: archive.requests };
    }
    const { files, ...input } = await parseBody(req, lambdaSourceSchema, maxBodyBytes);
    checkRequirements(input);
    return { input, files: Object.fromEntries(files.map((f) => [f.path, base64ToBytes(f.base64)])), requests: [] };
  };
  /** What create and update answer: where the lambda is and how its build went. */
  const created = async (account: string, lambdaId: string, baseUrl: string) => {
    const lambda = await find(account, lambdaId);
    return {
      lambda_id: lambdaId,
      url: `${baseUrl}/lambdas/${lambdaId}`,
      proxy_url: `${baseUrl}/lambdas/${lambdaId}/proxy/main`,
      status: lambda.status,
      errors: lambda.errors,
      lambda_version: lambda.lambda_version,
    };
  };
  const find = async (account: string, id: string | undefined): Promise<StoredLambda> => {
    const lambdaId = pathUuid("lambda_id", id);
    const lambda = await repo.get(account, lambdaId);
    if (!lambda) throw new LunaError(Errors.LambdaNotFound, lambdaId);
    return lambda;
  };
  return {
    name: "Luna Lambda (embedded)",
    prefix: LAMBDA_PREFIX,
    version: "1",
    maxBodyBytes,
    routes: [
      route({
        method: "post",
        path: "/export",
        summary:
          "Export a lambda as a runnable project zip (npm install && npm start serves POST /main): JSON {name, lambda_type, code, " +
          "modules, files: [{path, base64}], settings, requests: [{name, body (base64), headers, query, reply}]}",
        body: exportLambdaSchema,
        // Stateless: it reads nothing of any account, so the playground page may call it as is.
        public: true,
        responses: { 200: "application/zip", 400: "bad body, file path or request" },
        handle: async ({ body, req }) => {
          const files = Object.fromEntries(body.files.map((f) => [f.path, base64ToBytes(f.base64)]));
          const requests = body.requests.map((r) => ({
            name: r.name,
            body: base64ToBytes(r.body),
            headers: r.headers,
            query: r.query,
            reply: r.reply,
          }));
          // Everything the export will refuse is refused now, before any request runs (runs write files).
          checkProjectInput({ modules: body.modules, files, lambdaType: body.lambda_type, requests });
          // Requests without a reply (e.g. last run in the browser, on onnxruntime-web) are run once here, so
          // the saved replies are what the exported runtime (onnxruntime-node) reproduces.
          const missing = requests.filter((r) => r.reply === null);
          if (missing.length > 0) {
            const input = parseInput(
              createLambdaSchema,
              {
                name: body.name,
                lambda_type: body.lambda_type,
                language: body.language,
                code: body.code,
                modules: body.modules,
                settings: body.settings,
              },
              "json",
            );
            const contentType = body.lambda_type === "handlers" ? "application/msgpack" : "application/json";
            const replies = await host.runOnce(
              input,
              files,
              missing.map((r) => ({
                method: "POST",
                headers: { ...r.headers, "content-type": contentType },
                query: r.query,
                body: r.body,
                requestId: String(req.res?.locals.requestId ?? ""),
              })),
            );
            missing.forEach((r, i) => (r.reply = { status: replies[i]!.status, body: replies[i]!.body ?? null }));
          }
          const exported = await exportLambdaProject({
            name: body.name,
            language: body.language,
            lambdaType: body.lambda_type,
            code: body.code,
            modules: body.modules,
            files,
            settings: host.settingsOf(body.settings),
            requests,
          });
          return zipDownload(exported);
        },
      }),
      route({
        method: "post",
        path: "/lambdas",
        summary:
          "Create a lambda: JSON/msgpack {name, lambda_type, code, modules, settings}, or a zip (application/zip, ?name=…) with " +
          "lambda_main.ts at its root, other .ts modules, lambda.json and models/; it compiles in the background",
        query: archiveQuerySchema,
        rawBody: ["application/json", "application/msgpack", "application/zip"],
        responses: { 201: "created (status waiting)", 400: "bad body, archive or settings" },
        handle: async ({ req, query, account, baseUrl }) => {
          const source = await readSource(req, query);
          const lambdaId = await host.create(account, source.input, source.files, source.requests);
          return { status: 201, body: await created(account, lambdaId, baseUrl) };
        },
      }),
      route({
        method: "put",
        path: "/lambdas/:lambdaId",
        summary:
          "Replace a lambda's code, modules, files and settings (the same bodies as POST /lambdas); it is rebuilt before the answer " +
          "and keeps its id. A refused import leaves the old version running",
        query: archiveQuerySchema,
        rawBody: ["application/json", "application/msgpack", "application/zip"],
        responses: {
          200: "updated: status running or failed (with errors), lambda_version",
          400: "bad body, archive, settings or import",
          404: "no such lambda (42001)",
        },
        handle: async ({ req, query, params, account, baseUrl }) => {
          const lambda = await find(account, params.lambdaId);
          const source = await readSource(req, query);
          await host.update(lambda, source.input, source.files);
          return { status: 200, body: await created(account, lambda.lambda_id, baseUrl) };
        },
      }),
      route({
        method: "get",
        path: "/lambdas",
        summary: "List lambdas",
        query: lambdasQuerySchema,
        responses: { 200: "a page of lambdas" },
        handle: async ({ query, account }) => ({
          status: 200,
          body: await repo.list(account, query.page, query.page_size),
        }),
      }),
      route({
        method: "get",
        path: "/lambdas/:lambdaId",
        summary: "A lambda: type, status (waiting, running, failed), compile errors, times",
        responses: { 200: "the lambda", 404: "no such lambda (42001)" },
        handle: async ({ params, account }) => ({ status: 200, body: await find(account, params.lambdaId) }),
      }),
      route({
        method: "get",
        path: "/lambdas/:lambdaId/status",
        summary: "Only the status and compile errors",
        responses: { 200: "status", 404: "no such lambda (42001)" },
        handle: async ({ params, account }) => {
          const lambda = await find(account, params.lambdaId);
          return { status: 200, body: { status: lambda.status, errors: lambda.errors } };
        },
      }),
      route({
        method: "get",
        path: "/lambdas/:lambdaId/logs",
        summary:
          "The lambda's recent log lines (compilation, logger, console, crashes); request_id: only that request's",
        query: logsQuerySchema,
        responses: { 200: "log lines, oldest first", 400: "bad query", 404: "no such lambda (42001)" },
        handle: async ({ params, query, account }) => {
          const lambda = await find(account, params.lambdaId);
          const logs = host.logs(lambda.lambda_id);
          return {
            status: 200,
            body: {
              logs: query.request_id === undefined ? logs : logs.filter((l) => l.requestId === query.request_id),
            },
          };
        },
      }),
      route({
        method: "get",
        path: "/lambdas/:lambdaId/archive",
        summary:
          "The lambda as a runnable project zip, with its last runs as saved requests and replies (see POST /export)",
        responses: { 200: "application/zip", 404: "no such lambda (42001)" },
        handle: async ({ params, account }) => {
          const lambda = await find(account, params.lambdaId);
          const project = await host.project(lambda.lambda_id);
          const exported = await exportLambdaProject({
            name: lambda.name,
            language: host.isPython(lambda.lambda_id) ? "python" : "typescript",
            lambdaType: lambda.lambda_type,
            ...project,
            settings: host.settingsOf(lambda.settings),
          });
          return zipDownload(exported);
        },
      }),
      route({
        method: "post",
        path: "/lambdas/:lambdaId/debugger",
        summary:
          "Restart a TypeScript lambda's process with Node's inspector; answers where DevTools connects (this machine's loopback only)",
        reply: debuggerSchema,
        responses: {
          201: "the inspector's addresses",
          404: "no such lambda (42001)",
          409: "not running (95061), or no debugger here (95065: Python, or no OS sandbox)",
        },
        handle: async ({ params, account }) => {
          const lambda = await find(account, params.lambdaId);
          if (lambda.status !== "running")
            throw new LunaError(Errors.LambdaNotRunning, lambda.lambda_id, lambda.status);
          return { status: 201, body: debuggerBody(lambda.lambda_id, await host.startDebugger(lambda)) };
        },
      }),
      route({
        method: "get",
        path: "/lambdas/:lambdaId/debugger",
        summary: "Where DevTools connects to the lambda's current process (its id changes when the process restarts)",
        reply: debuggerSchema,
        responses: { 200: "the inspector's addresses, or debugging: false", 404: "no such lambda (42001)" },
        handle: async ({ params, account }) => {
          const lambda = await find(account, params.lambdaId);
          const target = lambda.status === "running" ? await host.debuggerTarget(lambda) : null;
          return {
            status: 200,
            body: target ? debuggerBody(lambda.lambda_id, target) : { lambda_id: lambda.lambda_id, debugging: false },
          };
        },
      }),
      route({
        method: "delete",
        path: "/lambdas/:lambdaId/debugger",
        summary: "Back to a normal process (Node's permission model on, the inspector gone)",
        responses: { 204: "done (also when it was not being debugged)", 404: "no such lambda (42001)" },
        handle: async ({ params, account }) => {
          const lambda = await find(account, params.lambdaId);
          await host.stopDebugger(lambda.lambda_id);
          return { status: 204 };
        },
      }),
      route({
        method: "delete",
        path: "/lambdas/:lambdaId",
        summary: "Stop and delete a lambda",
        responses: { 204: "deleted", 404: "no such lambda (42001)" },
        handle: async ({ params, account }) => {
          const lambda = await find(account, params.lambdaId);
          await repo.delete(account, lambda.lambda_id);
          await host.delete(lambda.lambda_id);
          return { status: 204 };
        },
      }),
      ...PROXY_METHODS.map((method) =>
        route({
          method,
          path: "/lambdas/:lambdaId/proxy/*path",
          summary:
            "Call the lambda: main, its own routes, healthcheck (?include_luna_services=0|1), metrics (Prometheus text), docs/spec (its OpenAPI); " +
            "the body and Luna headers are forwarded as they are, the lambda's status and reply come back",
          ...(method === "get" || method === "delete"
            ? {}
            : { rawBody: ["application/msgpack", "application/json", "*/*"] }),
          responses: {
            200: "standalone reply, a route's reply, healthcheck, metrics, spec",
            201: "handlers reply",
            400: "the lambda refused the input",
            404: "no such lambda (42001) or route (95062)",
            405: "the route has no such method (95063)",
            500: "the lambda failed (42004)",
          },
          handle: async ({ req, params, account }) => {
            let lambda = await find(account, params.lambdaId);
            const segments = (params as Record<string, unknown>).path;
            const path = `/${(Array.isArray(segments) ? segments : [String(segments ?? "")]).join("/")}`;
            if (lambda.status === "waiting") {
              await host.settled(lambda.lambda_id);
              lambda = await find(account, params.lambdaId);
            }
            if (lambda.status !== "running")
              throw new LunaError(Errors.LambdaNotRunning, lambda.lambda_id, lambda.status);
            const body =
              method === "get" || method === "delete" ? new Uint8Array() : await readRawBody(req, maxBodyBytes);
            const headers: Record<string, string> = {};
            // Luna's headers and custom x-… ones (shared/lambda/requestHeaders.ts); cookies and the token stay here.
            for (const [name, value] of Object.entries(req.headers))
              if (typeof value === "string" && isForwardedHeader(name)) headers[name] = value;
            const reply = await host.invoke(lambda, {
              method: method.toUpperCase(),
              path,
              headers,
              query: Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, String(v)])),
              body,
              requestId: String(req.res?.locals.requestId ?? ""),
            });
            // Of the lambda's own headers only Allow (a 405's) passes: the process is untrusted, this is the playground's origin.
            const allow = reply.headers?.Allow ?? reply.headers?.allow;
            const replyHeaders: Record<string, string> = {
              ...(allow ? { Allow: allow } : {}),
              "Lambda-Version": String(lambda.lambda_version),
            };
            // Where the time went: the inference core's stages over the lambda's sdk calls, and the lambda's own wall time.
            if (reply.timing) replyHeaders["Server-Timing"] = serverTimingHeader(reply.timing);
            // Text (the metrics) is always served as plain text, never as a type the page's origin would render.
            if (reply.contentType && typeof reply.body === "string") {
              return {
                status: reply.status,
                text: { contentType: "text/plain; version=0.0.4; charset=utf-8", text: reply.body },
                headers: { ...replyHeaders, "X-Content-Type-Options": "nosniff" },
              };
            }
            return { status: reply.status, body: reply.body ?? null, headers: replyHeaders };
          },
        }),
      ),
    ],
  };
}
