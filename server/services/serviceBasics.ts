/** What every embedded Luna service answers besides its own API: version, health, docs. */
import { z } from "zod";
import { Errors, LunaError } from "../../shared/luna/errors.ts";
import { openApiDocument, route, type RouteSpec, type ServiceTable } from "../http/routeTable.ts";
import type { SqlDatabase } from "../store/sqlDatabase.ts";

export const PACKAGE_VERSION = "0.1.0";

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

function serviceSection(table: ServiceTable): string {
  const rows = table.routes
    .map((r) => {
      const path = `${table.prefix}${r.path.replace(/:(\w+)/g, "{$1}")}`;
      // A text badge, not an emoji: machines without an emoji font showed a missing-glyph box.
      const account = r.public ? "" : ' <span class="account">account</span>';
      return `<tr><td><code>${r.method.toUpperCase()}</code></td><td><code>${escapeHtml(path)}</code>${account}</td><td>${escapeHtml(r.summary)}</td></tr>`;
    })
    .join("\n");
  return `<section><h2>${escapeHtml(table.name)}</h2><p><code>${table.prefix}</code> · OpenAPI 3.1:
<a href="${table.prefix}/docs/spec">${table.prefix}/docs/spec</a></p><table>${rows}</table></section>`;
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:14px system-ui;margin:24px;max-width:1100px}td{padding:4px 10px;border-bottom:1px solid #ddd;vertical-align:top}
section{margin-bottom:28px}.account{font-size:11px;padding:1px 5px;border-radius:8px;background:#e4e7ee}</style></head><body><h1>${escapeHtml(title)}</h1>
<p><span class="account">account</span> = needs the <code>Luna-Account-Id</code> header (a UUID). Bodies are JSON or msgpack; errors are
<code>{error_code, desc, detail, link}</code>.</p>${body}</body></html>`;
}

function docsPage(table: ServiceTable): string {
  return page(table.name, serviceSection(table));
}

/** One page for every embedded service (GET /docs). */
export function servicesDocsPage(tables: readonly ServiceTable[]): string {
  return page("luna-lambda-playground: embedded Luna services", tables.map(serviceSection).join("\n"));
}

/**
 * Adds GET /version, /healthcheck, /docs/spec and /docs to a service table. The health check asks
 * the database, or `health` (which throws a LunaError when the service is not ready).
 */
export function withServiceBasics(
  table: ServiceTable,
  apiVersion: number,
  db: SqlDatabase | null,
  health?: () => void,
): ServiceTable {
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
        health?.();
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
