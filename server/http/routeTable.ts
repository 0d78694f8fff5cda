/**
 * A service is a table of routes. The same table registers the Express handlers (account check,
 * strict query/body validation, JSON or msgpack replies) and generates the service's OpenAPI 3
 * document, so the docs can never drift from what the code validates.
 */
import { LUNA_ERROR_OPENAPI_SCHEMA } from "../../shared/luna/schemas/error.ts";
import { Router, type Request, type Response } from "express";
import { z } from "zod";
import { checkInputValue } from "../../shared/luna/inputSafety.ts";
import { parseInput } from "../../shared/luna/validate.ts";
import { accountOf, requireAccount } from "./account.ts";
import { parseBody, sendReply } from "./body.ts";

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** A download instead of a JSON/msgpack body (e.g. an exported zip). */
  file?: { contentType: string; filename: string; bytes: Uint8Array };
  /** A text body with its type (e.g. Prometheus metrics). */
  text?: { contentType: string; text: string };
}

export interface RouteInput<B, Q> {
  req: Request;
  res: Response;
  account: string;
  body: B;
  query: Q;
  params: Record<string, string>;
  /** Absolute URL of this service's prefix, e.g. http://127.0.0.1:5000/luna-faces/3. */
  baseUrl: string;
}

export interface RouteSpec<B = unknown, Q = unknown> {
  method: "get" | "post" | "put" | "patch" | "delete" | "head";
  /** Express path, e.g. "/faces/:faceId". */
  path: string;
  summary: string;
  /** JSON/msgpack body schema. */
  body?: z.ZodType<B>;
  /** Raw body content types (documented only; the handler reads the body itself). */
  rawBody?: readonly string[];
  query?: z.ZodType<Q>;
  /** Status → description, for the docs. */
  responses: Record<number, string>;
  /** Reply schema for the success status, for the docs. */
  reply?: z.ZodType;
  /** Skip the Luna-Account-Id requirement (version, healthcheck, docs). */
  public?: boolean;
  handle(input: RouteInput<B, Q>): Promise<Reply | void>;
}

/** Keeps a spec's body/query types for its handler while letting tables hold mixed specs. */
export function route<B = undefined, Q = Record<string, never>>(spec: RouteSpec<B, Q>): RouteSpec {
  return spec as unknown as RouteSpec;
}

export interface ServiceTable {
  name: string;
  prefix: string;
  version: string;
  routes: readonly RouteSpec[];
  maxBodyBytes: number;
}

export function buildRouter(table: ServiceTable): Router {
  const router = Router();
  for (const spec of table.routes) {
    const handlers = spec.public ? [] : [requireAccount];
    router[spec.method](spec.path, ...handlers, async (req: Request, res: Response) => {
      checkInputValue(req.query, "query", 2);
      const query = spec.query ? parseInput(spec.query, req.query, "query") : {};
      const body = spec.body ? await parseBody(req, spec.body, table.maxBodyBytes) : undefined;
      const baseUrl = `${req.protocol}://${req.get("host")}${table.prefix}`;
      const reply = await spec.handle({
        req,
        res,
        account: spec.public ? "" : accountOf(res),
        body,
        query,
        params: req.params as Record<string, string>,
        baseUrl,
      });
      if (!reply || res.headersSent) return;
      for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
      if (reply.file) {
        const { contentType, filename, bytes } = reply.file;
        res
          .status(reply.status)
          .type(contentType)
          .attachment(filename)
          .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      } else if (reply.text) res.status(reply.status).type(reply.text.contentType).send(reply.text.text);
      else if (reply.body === undefined) res.status(reply.status).end();
      else sendReply(req, res, reply.status, reply.body);
    });
  }
  return router;
}

function jsonSchema(schema: z.ZodType, io: "input" | "output"): unknown {
  return z.toJSONSchema(schema, { io, unrepresentable: "any" });
}

/** OpenAPI 3.1 document of a service table. */
export function openApiDocument(table: ServiceTable): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of table.routes) {
    const path = spec.path.replace(/:(\w+)/g, "{$1}").replace(/\*(\w+)/g, "{$1}");
    const parameters: unknown[] = [...path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    if (!spec.public)
      parameters.push({
        name: "Luna-Account-Id",
        in: "header",
        required: true,
        schema: { type: "string", format: "uuid" },
      });
    if (spec.query) {
      const q = jsonSchema(spec.query, "input") as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        parameters.push({ name, in: "query", required: q.required?.includes(name) ?? false, schema });
      }
    }
    const content: Record<string, unknown> = {};
    if (spec.body) {
      const schema = jsonSchema(spec.body, "input");
      content["application/json"] = { schema };
      content["application/msgpack"] = { schema };
    }
    for (const type of spec.rawBody ?? []) content[type] = { schema: { type: "string", format: "binary" } };
    const responses = Object.fromEntries(
      Object.entries(spec.responses).map(([status, description]) => {
        const ok = Number(status) < 300 && spec.reply;
        return [
          status,
          ok
            ? { description, content: { "application/json": { schema: jsonSchema(spec.reply!, "output") } } }
            : { description },
        ];
      }),
    );
    paths[path] ??= {};
    paths[path][spec.method] = {
      summary: spec.summary,
      parameters,
      ...(Object.keys(content).length ? { requestBody: { required: true, content } } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: { title: table.name, version: table.version },
    servers: [{ url: table.prefix }],
    paths,
    components: {
      schemas: {
        Error: LUNA_ERROR_OPENAPI_SCHEMA,
      },
    },
  };
}
