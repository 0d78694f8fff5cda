/** What every embedded Luna service answers besides its own API: version, health, docs. */
import { z } from "zod";
import { Errors, LunaError } from "../../shared/luna/errors.ts";
import { openApiDocument, route, type RouteSpec, type ServiceTable } from "../http/routeTable.ts";
import type { SqlDatabase } from "../store/sqlDatabase.ts";

export const PACKAGE_VERSION = "0.1.0";

function docsPage(table: ServiceTable): string {
  const rows = table.routes
    .map((r) => `<tr><td><code>${r.method.toUpperCase()}</code></td><td><code>${table.prefix}${r.path.replace(/:(\w+)/g, "{$1}")}</code></td><td>${r.summary}</td></tr>`)
    .join("\n");
  return `<!doctype html><html><head><meta charset="utf-8"><title>${table.name}</title>
<style>body{font:14px system-ui;margin:24px}td{padding:4px 10px;border-bottom:1px solid #ddd;vertical-align:top}</style></head>
<body><h1>${table.name}</h1><p>OpenAPI 3.1 document: <a href="${table.prefix}/docs/spec">${table.prefix}/docs/spec</a>.
Every route except these docs, /version and /healthcheck needs the <code>Luna-Account-Id</code> header.</p>
<table>${rows}</table></body></html>`;
}

/** Adds GET /version, /healthcheck, /docs/spec and /docs to a service table. */
export function withServiceBasics(table: ServiceTable, apiVersion: number, db: SqlDatabase | null): ServiceTable {
  const basics: RouteSpec[] = [
    route({
      method: "get",
      path: "/version",
      summary: "Service and API version",
      public: true,
      responses: { 200: "versions" },
      reply: z.object({ Version: z.object({ api: z.number(), service: z.string() }) }),
      handle: async () => ({ status: 200, body: { Version: { api: apiVersion, service: PACKAGE_VERSION } } }),
    }),
    route({
      method: "get",
      path: "/healthcheck",
      summary: "Answers 200 when the service and its database respond",
      public: true,
      responses: { 200: "healthy", 503: "database unavailable" },
      handle: async () => {
        if (db) {
          try {
            await db.query("SELECT 1");
          } catch (error) {
            throw new LunaError(Errors.DatabaseUnavailable, (error as Error).message);
          }
        }
        return { status: 200, body: { status: "ok", database: db?.driver ?? null } };
      },
    }),
    route({
      method: "get",
      path: "/docs/spec",
      summary: "OpenAPI 3.1 document of this service",
      public: true,
      responses: { 200: "OpenAPI document" },
      handle: async () => ({ status: 200, body: openApiDocument(full) }),
    }),
    route({
      method: "get",
      path: "/docs",
      summary: "Human-readable route list",
      public: true,
      responses: { 200: "HTML page" },
      handle: async ({ res }) => void res.type("html").send(docsPage(full)),
    }),
  ];
  const full: ServiceTable = { ...table, routes: [...basics, ...table.routes] };
  return full;
}
