/**
 * The HTTP surface of one lambda, the same on every host (the server's sandboxed process, the
 * browser worker, an exported project, `npm run lambda`): `POST /main`, the lambda's own routes
 * (userHandler.ts), `GET /healthcheck?include_luna_services=0|1`, `GET /metrics` (Prometheus
 * text) and `GET /docs/spec` (the lambda's own OpenAPI file, or one generated for its routes).
 * Hosts only move requests in and replies out; what a lambda answers is decided here.
 */
import { LUNA_ERROR_OPENAPI_SCHEMA } from "../luna/schemas/error.ts";
import { Errors, LunaError } from "../luna/errors.ts";
import type { IncomingLambdaRequest } from "./request.ts";
import type { LambdaInstance } from "./lambdaInstance.ts";
import type { LambdaType } from "./invoke.ts";
import { LambdaMetrics } from "./lambdaMetrics.ts";
import { checkLunaServices } from "./serviceHealth.ts";
import { normalisePath } from "./userHandler.ts";
import type { LambdaSettings } from "./settings.ts";

export interface LambdaHttpRequest extends IncomingLambdaRequest {
  /** The path below the lambda's root, e.g. "/main", "/greeting". */
  path: string;
}

export interface LambdaHttpReply {
  status: number;
  /** A JSON body, or text with its content type (the metrics). */
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface LambdaAppOptions {
  name: string;
  type: LambdaType;
  settings: LambdaSettings;
  /** The lambda's own OpenAPI document (openapi.json / .yml among its files), parsed; else one is generated. */
  spec?: unknown;
  /** fetch for the health checks of the Luna services (the host's, with its egress rules). */
  fetch?: typeof fetch;
}

const luna = (error: LunaError): LambdaHttpReply => ({ status: error.status, body: error.toBody() });

export class LambdaApp {
  readonly metrics = new LambdaMetrics();

  constructor(
    private readonly lambda: LambdaInstance,
    private readonly options: LambdaAppOptions,
  ) {}

  /** Every path the lambda answers, with its methods. */
  routes(): { path: string; methods: string[] }[] {
    return [
      { path: "/main", methods: ["POST"] },
      ...this.lambda.routes().map((r) => ({ path: r.path, methods: r.methods })),
      { path: "/healthcheck", methods: ["GET"] },
      { path: "/metrics", methods: ["GET"] },
      { path: "/docs/spec", methods: ["GET"] },
    ];
  }

  async handle(request: LambdaHttpRequest): Promise<LambdaHttpReply> {
    const started = performance.now();
    const path = normalisePath(request.path);
    const route = this.routes().find((r) => r.path === path);
    let reply: LambdaHttpReply;
    if (!route)
      reply = luna(
        new LunaError(
          Errors.LambdaPathNotFound,
          path,
          this.routes()
            .map((r) => r.path)
            .join(", "),
        ),
      );
    else if (!route.methods.includes(request.method.toUpperCase())) {
      reply = {
        ...luna(
          new LunaError(Errors.LambdaMethodNotAllowed, path, route.methods.join(", "), request.method.toUpperCase()),
        ),
        headers: { Allow: route.methods.join(", ") },
      };
    } else reply = await this.answer(path, request);
    // Unknown paths share one label, so a scan of random URLs cannot grow the metrics without bound.
    if (path !== "/metrics")
      this.metrics.observe(route ? path : "unknown", reply.status, (performance.now() - started) / 1000);
    return reply;
  }

  private async answer(path: string, request: LambdaHttpRequest): Promise<LambdaHttpReply> {
    switch (path) {
      case "/main":
        return this.lambda.invoke(request);
      case "/healthcheck":
        return this.healthcheck(request.query);
      case "/metrics":
        return {
          status: 200,
          body: this.metrics.prometheusText(),
          contentType: "text/plain; version=0.0.4; charset=utf-8",
        };
      case "/docs/spec":
        return { status: 200, body: this.options.spec ?? this.generatedSpec() };
      default:
        return this.lambda.invokeRoute(path, request);
    }
  }

  private async healthcheck(query: Record<string, string>): Promise<LambdaHttpReply> {
    const include = query.include_luna_services ?? "0";
    const unknown = Object.keys(query).find((k) => k !== "include_luna_services");
    if (unknown) return luna(new LunaError(Errors.BadInputData, `Unknown query parameter(s): ${unknown}`));
    if (include !== "0" && include !== "1")
      return luna(new LunaError(Errors.BadInputData, "include_luna_services must be 0 or 1"));
    const base = { status: "ok", lambda_type: this.options.type };
    if (include === "0") return { status: 200, body: base };
    const services = await checkLunaServices(this.options.settings, this.options.fetch ?? fetch);
    const failed = Object.entries(services).filter(([, state]) => state !== "ok");
    if (failed.length > 0)
      return luna(
        new LunaError(Errors.LambdaServicesUnavailable, failed.map(([name, state]) => `${name}: ${state}`).join("; ")),
      );
    return { status: 200, body: { ...base, services } };
  }

  /** OpenAPI 3.1 for /main and the lambda's routes, when the lambda ships no spec of its own. */
  generatedSpec(): Record<string, unknown> {
    const handlers = this.options.type === "handlers";
    const error = {
      description: "Luna error",
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
    const paths: Record<string, Record<string, unknown>> = {
      "/main": {
        post: {
          summary: handlers ? "The lambda: a Luna-Handlers request (msgpack)" : "The lambda (a JSON or binary body)",
          requestBody: {
            required: true,
            content: handlers
              ? { "application/msgpack": { schema: { type: "string", format: "binary" } } }
              : {
                  "application/json": { schema: {} },
                  "application/octet-stream": { schema: { type: "string", format: "binary" } },
                },
          },
          responses: {
            [handlers ? "201" : "200"]: {
              description: "the lambda's reply",
              content: { "application/json": { schema: {} } },
            },
            "400": error,
            "500": error,
          },
        },
      },
    };
    for (const route of this.lambda.routes()) {
      paths[route.path] = Object.fromEntries(
        route.methods.map((m) => [
          m.toLowerCase(),
          {
            summary: `${route.handlerName}.${m.toLowerCase()}`,
            responses: { "200": { description: "the handler's reply" }, "500": error },
          },
        ]),
      );
    }
    paths["/healthcheck"] = {
      get: {
        summary: "Health; include_luna_services=1 also checks every enabled Luna service",
        parameters: [{ name: "include_luna_services", in: "query", schema: { enum: ["0", "1"] } }],
        responses: { "200": { description: "healthy" }, "502": error },
      },
    };
    paths["/metrics"] = {
      get: {
        summary: "Prometheus metrics: request_count_total, request_duration_seconds",
        responses: { "200": { description: "text/plain; version=0.0.4" } },
      },
    };
    return {
      openapi: "3.1.0",
      info: { title: this.options.name, version: "1", description: `A ${this.options.type} lambda` },
      paths,
      components: {
        schemas: {
          Error: LUNA_ERROR_OPENAPI_SCHEMA,
        },
      },
    };
  }
}
