/**
 * A generated bad-input corpus over every route (read from the services' own OpenAPI documents,
 * plus the routes outside them): random bytes, truncations, wrong types, deep nesting, odd text
 * encodings, bad percent-encoding, huge numbers and wrong content types, from a seeded PRNG so a
 * failure is reproducible (CORPUS_SEED, CORPUS_SIZE override). The server must answer every one —
 * no crash, no connection reset — with no 5xx but the documented 501 "no model" (95020).
 */
import { encode } from "@msgpack/msgpack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { API_PREFIXES } from "../../../server/app.ts";
import { errorCode, rawRequest, type RawReply } from "../../support/rawHttp.ts";
import { startTestServer, type TestServer } from "../../support/testServer.ts";

const SEED = Number(process.env.CORPUS_SEED ?? 13);
/** Random cases after the systematic ones (every route × every kind of bad body). */
const EXTRA = Number(process.env.CORPUS_EXTRA ?? 300);
const BODY_KINDS = 11;
const MULTIPART_VARIANTS = 5;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const bytes = (n: number) => Uint8Array.from({ length: n }, () => int(256));
  return { next, int, pick, bytes };
}
type Random = ReturnType<typeof prng>;

interface Route {
  method: string;
  /** With `{name}` placeholders. */
  path: string;
}

interface Case {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  what: string;
}

const ACCOUNT = "6f0c3c1e-4a7e-4c55-9a55-0d5b2b1f3a01";
const text = (s: string) => new TextEncoder().encode(s);

const BAD_SEGMENTS = [
  "%E0%A4%A",
  "%",
  "%C0%AE%C0%AE",
  "%FF%FE",
  "%00",
  "..",
  "%2e%2e%2f",
  "%ED%A0%80",
  "a".repeat(5000),
  "-1",
  "1e400",
  "99999999999999999999999",
  "%u0041",
  "%20",
  "%20%09",
  "%C3%A9",
];
const HUGE_NUMBERS = [
  "1e400",
  "-1e400",
  "99999999999999999999999999",
  "-0",
  "NaN",
  "0x10",
  "1.5",
  "-1",
  "9007199254740993",
  "",
];
const CONTENT_TYPES = [
  "application/json",
  "application/msgpack",
  "application/x-msgpack",
  "application/json; charset=utf-16",
  "application/json; charset=latin1",
  "text/plain",
  "image/jpeg",
  "image/png",
  "image/webp",
  "image/x-base64",
  "application/octet-stream",
  "application/zip",
  "multipart/form-data",
  "multipart/form-data; boundary=",
  "multipart/form-data; boundary=BnD",
  "application/x-www-form-urlencoded",
  ";;;",
  "application/json, text/plain",
];

/** Structured bodies close to what each route takes, for mutation (never a valid lambda: nothing compiles). */
function templates(path: string): unknown[] {
  if (path.endsWith("/faces") && !path.includes("lists"))
    return [{ user_data: "u", external_id: "e", lists: [], attribute: { descriptors: ["ZHAAAA=="] } }];
  if (path.includes("/lists/") && path.endsWith("/faces")) return [{ action: "attach", face_ids: [ACCOUNT] }];
  if (path.endsWith("/lists")) return [{ user_data: "list" }];
  if (path.includes("/faces/")) return [{ user_data: "x", event_id: ACCOUNT }];
  if (path.endsWith("/events"))
    return [
      {
        events: [
          {
            user_data: "u",
            meta: { a: [1, { b: "c" }] },
            location: { city: "x" },
            face_attributes: { descriptor: { sdk_descriptor: "ZHAAAA==" } },
          },
        ],
      },
    ];
  if (path.endsWith("/matcher/raw"))
    return [{ references: [{ id: "r", data: "ZHAAAA==" }], candidates: [{ id: "c", data: "ZHAAAA==" }] }];
  if (path.endsWith("/matcher/faces"))
    return [{ references: [{ type: "face", id: ACCOUNT }], candidates: [{ filters: { list_id: ACCOUNT }, limit: 3 }] }];
  if (path.endsWith("/publish")) return [{ handler_id: "h", events: [{ a: 1 }] }];
  if (path.endsWith("/sdk"))
    return [
      {
        images: [
          {
            filename: "a.jpg",
            body: "/9j/4AAQ",
            face_detection_data: [{ bounding_box: { x: 1, y: 2, width: 3, height: 4 } }],
          },
        ],
      },
    ];
  if (path.endsWith("/lambdas"))
    return [
      { name: "n", code: 42, lambda_type: "handlers" },
      { name: "", code: "" },
    ];
  if (path.endsWith("/export")) return [{ name: "n", files: [{ path: "../x", base64: "aGk=" }], requests: [] }];
  return [{}, []];
}

function randomValue(r: Random, depth = 0): unknown {
  switch (r.int(depth > 3 ? 6 : 9)) {
    case 0:
      return r.pick([0, -1, 1e308, -1e308, 2 ** 53 + 1, 0.1, Number.MAX_SAFE_INTEGER]);
    case 1:
      return r.pick([
        "",
        "\u0000",
        "\ud800",
        "\udfff\ud800",
        "a".repeat(10_000),
        "😀",
        "%00",
        "<script>",
        "null",
        ACCOUNT.toUpperCase(),
      ]);
    case 2:
      return r.pick([true, false, null]);
    case 3:
      return "ZHAAAA==";
    case 4:
      return ACCOUNT;
    case 5:
      return r.bytes(r.int(64));
    case 6:
      return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
    case 7:
      return Object.fromEntries(
        Array.from({ length: r.int(4) }, () => [
          r.pick(["a", "body", "id", "meta", "\u0000k", "__proto__", "constructor"]),
          randomValue(r, depth + 1),
        ]),
      );
    default:
      return nested(r.pick(["[", "{"]), r.int(200));
  }
}

function nested(kind: string, depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = kind === "[" ? [value] : { a: value };
  return value;
}

/** Replaces one randomly chosen value inside `value` (a deep copy) by a random one. */
function mutate(r: Random, value: unknown): unknown {
  const copy = structuredClone(value) as unknown;
  const slots: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) {
      v.forEach((child, i) => {
        slots.push([v, i]);
        walk(child);
      });
    } else if (v && typeof v === "object" && !(v instanceof Uint8Array)) {
      for (const [k, child] of Object.entries(v)) {
        slots.push([v as Record<string, unknown>, k]);
        walk(child);
      }
    }
  };
  walk(copy);
  if (slots.length === 0) return randomValue(r);
  const [holder, key] = r.pick(slots);
  (holder as Record<string | number, unknown>)[key] = randomValue(r);
  return copy;
}

function jsonText(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("base64") : v));
}

function deepText(r: Random): string {
  const depth = r.pick([33, 49, 150, 1000, 20_000]);
  const [open, close] = r.pick([
    ["[", "]"],
    ['{"a":', "}"],
  ]);
  return `{"events":[{"meta":${open.repeat(depth)}1${close.repeat(depth)}}], "images": ${open.repeat(depth)}1${close.repeat(depth)}}`;
}

function body(
  r: Random,
  route: Route,
  kind = r.int(BODY_KINDS),
  variant = r.int(MULTIPART_VARIANTS),
): { body?: Uint8Array; contentType?: string; what: string } {
  const template = r.pick(templates(route.path));
  switch (kind) {
    case 0:
      return { body: r.bytes(r.int(2048)), contentType: r.pick(CONTENT_TYPES), what: "random bytes" };
    case 1: {
      const full = text(jsonText(mutate(r, template)));
      return { body: full.subarray(0, r.int(full.length)), contentType: "application/json", what: "truncated JSON" };
    }
    case 2:
      return { body: text(jsonText(mutate(r, template))), contentType: "application/json", what: "wrong types (JSON)" };
    case 3: {
      let packed: Uint8Array;
      try {
        packed = encode(mutate(r, template));
      } catch {
        packed = r.bytes(16);
      }
      return {
        body: r.next() < 0.5 ? packed : packed.subarray(0, r.int(packed.length)),
        contentType: r.pick(["application/msgpack", "application/x-msgpack"]),
        what: "msgpack (whole or cut)",
      };
    }
    case 4:
      return {
        body: text(deepText(r)),
        contentType: r.pick(["application/json", "application/msgpack"]),
        what: "deep nesting",
      };
    case 5: {
      // UTF-16 with a BOM, latin-1 bytes, overlong and lone-surrogate UTF-8.
      const json = jsonText(template);
      const variants = [
        Uint8Array.from([0xff, 0xfe, ...Buffer.from(json, "utf16le")]),
        Uint8Array.from(Buffer.from(json.replace(/"u"/, '"\u00e9\u00ff"'), "latin1")),
        Uint8Array.from([
          ...text(json.slice(0, -1)),
          0x2c,
          0x22,
          0xc0,
          0xae,
          0x22,
          0x3a,
          0x22,
          0xed,
          0xa0,
          0x80,
          0x22,
          0x7d,
        ]),
      ];
      return {
        body: r.pick(variants),
        contentType: r.pick([
          "application/json",
          "application/json; charset=utf-8",
          "application/json; charset=utf-16",
        ]),
        what: "odd encodings",
      };
    }
    case 6:
      return {
        body: text(jsonText(template).replace(/\d+/g, () => r.pick(HUGE_NUMBERS.filter((n) => /^-?[\d.e]+$/.test(n))))),
        contentType: "application/json",
        what: "huge numbers",
      };
    case 7: {
      const parts = [
        '--BnD\r\nContent-Disposition: form-data; name="a"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\nxx',
        '--BnD\r\nContent-Disposition: form-data; name="manifest"\r\n\r\n{"kind":"mask"}\r\n--BnD\r\nContent-Disposition: form-data; name="model"; filename="m.onnx"\r\n\r\n\u0000\u0001',
        "--BnD--\r\n",
        `--BnD\r\n${"X-Long: y\r\n".repeat(2000)}\r\n\r\n--BnD--`,
        "--Other\r\n\r\n",
      ];
      return {
        body: text(parts[variant]!),
        contentType: "multipart/form-data; boundary=BnD",
        what: `multipart junk ${variant}`,
      };
    }
    case 8:
      return { body: text(jsonText(template)), contentType: r.pick(CONTENT_TYPES), what: "wrong content type" };
    case 9: {
      // Strings the database cannot hold (NUL, lone surrogates) in place of about half the strings.
      const unstorable = JSON.parse(jsonText(template), (_k, v: unknown) =>
        typeof v === "string" && r.next() < 0.5 ? ["a\u0000b", "\ud800", "x\udc00", "\u0000"][variant % 4] : v,
      ) as unknown;
      const asMsgpack = r.next() < 0.3;
      return {
        body: asMsgpack ? encode(unstorable) : text(JSON.stringify(unstorable)),
        contentType: asMsgpack ? "application/msgpack" : "application/json",
        what: "unstorable strings",
      };
    }
    default:
      return { what: "no body" };
  }
}

function fillPath(r: Random, path: string): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const roll = r.next();
    if (roll < 0.25) return crypto.randomUUID();
    if (roll < 0.35 && name === "bucket") return "visionlabs-samples";
    if (roll < 0.4 && name === "path") return "main";
    if (roll < 0.45 && name === "kind") return "mask";
    if (roll < 0.6) return Array.from(r.bytes(r.int(12) + 1), (b) => `%${b.toString(16).padStart(2, "0")}`).join("");
    return r.pick(BAD_SEGMENTS);
  });
}

/** Every filter a route might read, each holding what the database cannot (NUL, lone surrogates). */
const UNSTORABLE_QUERY =
  "?user_data=%00&external_ids=a%00&handler_id=%ED%A0%80&name=%00&list_id=%00&face_ids=%00,x&create_time__gte=%00&page=1";

function query(r: Random): string {
  if (r.next() < 0.4) return "";
  const keys = [
    "page",
    "page_size",
    "user_data",
    "face_ids",
    "list_id",
    "estimate_mask",
    "estimate_quality",
    "multiface_policy",
    "name",
    "lambda_type",
    "handler_id",
    "create_time__gte",
    "wait_events_saving",
    "token",
    "estimate_face_descriptor",
    "x",
  ];
  const values = [
    ...HUGE_NUMBERS,
    "%00",
    "%E0%A4%A",
    "%",
    "1",
    "0",
    "2",
    ACCOUNT,
    "a,b,,",
    "%ED%A0%80",
    "[]",
    "%C0%AE",
  ];
  return `?${Array.from({ length: r.int(4) + 1 }, () => `${r.pick(keys)}=${r.pick(values)}`).join("&")}`;
}

function headers(r: Random): Record<string, string> {
  const h: Record<string, string> = {};
  const account = r.next();
  if (account < 0.7) h["luna-account-id"] = ACCOUNT;
  else if (account < 0.85)
    h["luna-account-id"] = r.pick(["", "not-a-uuid", "%00", ACCOUNT.toUpperCase(), `${ACCOUNT},${ACCOUNT}`]);
  if (r.next() < 0.3) h.accept = r.pick(["application/msgpack", "application/x-msgpack", "*/*", "text/html"]);
  if (r.next() < 0.1) h["luna-request-id"] = r.pick(["bad", "1700000000,not", `1700000000,${ACCOUNT}`]);
  return h;
}

let server: TestServer;
let routes: Route[];

beforeAll(async () => {
  server = await startTestServer();
  routes = [
    { method: "GET", path: "/healthcheck" },
    { method: "GET", path: "/docs" },
    { method: "GET", path: "/" },
    { method: "GET", path: "/models/{file}" },
    { method: "GET", path: "/pyodide/{file}" },
    { method: "GET", path: "/types/{file}" },
    { method: "POST", path: "/{anything}" },
    { method: "GET", path: "/luna-sender/1/ws" },
  ];
  for (const prefix of Object.values(API_PREFIXES)) {
    const spec = (await (await fetch(`${server.url}${prefix}/docs/spec`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    for (const [path, methods] of Object.entries(spec.paths))
      for (const method of Object.keys(methods))
        routes.push({ method: method.toUpperCase(), path: `${prefix}${path}` });
  }
});
afterAll(() => server.close());

describe("bad-input corpus", () => {
  it(`answers every route × every kind of bad input, plus ${EXTRA} random cases, with no crash, reset or 5xx (seed ${SEED})`, {
    timeout: 120_000,
  }, async () => {
    expect(routes.length).toBeGreaterThan(40);
    const r = prng(SEED);
    const cases: Case[] = [];
    const add = (route: Route, b: ReturnType<typeof body>, search = query(r), given = headers(r)) =>
      cases.push({
        method: route.method,
        path: fillPath(r, route.path) + search,
        headers: { ...given, ...(b.contentType ? { "content-type": b.contentType } : {}) },
        body: b.body,
        what: b.what,
      });
    for (const route of routes) {
      for (let kind = 0; kind < BODY_KINDS; kind++) {
        if (kind === 7)
          for (let variant = 0; variant < MULTIPART_VARIANTS; variant++) add(route, body(r, route, kind, variant));
        else add(route, body(r, route, kind));
      }
      add(route, { what: "unstorable query" }, UNSTORABLE_QUERY);
      // With a clean query and a valid account, so the strings get as far as the store would take them.
      for (let strings = 0; strings < 3; strings++)
        add(route, body(r, route, 9, strings), "", { "luna-account-id": ACCOUNT });
    }
    for (let i = 0; i < EXTRA; i++) add(r.pick(routes), body(r, r.pick(routes)));
    expect(cases.length).toBeGreaterThanOrEqual(500);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const c of cases) {
      let reply: RawReply;
      try {
        reply = await rawRequest(server.url, { ...c, freshConnection: process.env.CORPUS_FRESH === "1" });
      } catch (error) {
        failures.push(`${c.method} ${c.path.slice(0, 120)} (${c.what}): no answer: ${(error as Error).message}`);
        continue;
      }
      statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
      const noModel = reply.status === 501 && errorCode(reply) === 95020;
      if (reply.status >= 500 && !noModel)
        failures.push(
          `${c.method} ${c.path.slice(0, 120)} (${c.what}): ${reply.status} ${reply.body.toString().slice(0, 200)}`,
        );
      if (
        reply.status >= 400 &&
        c.method !== "HEAD" &&
        errorCode(reply) === null &&
        !c.path.startsWith("/luna-sender/1/ws")
      ) {
        failures.push(`${c.method} ${c.path.slice(0, 120)} (${c.what}): ${reply.status} without a Luna error body`);
      }
    }
    expect(failures).toEqual([]);
    // The corpus really exercised refusals (and not only 404s).
    expect(statuses.get(400) ?? 0).toBeGreaterThan(cases.length / 4);
    expect((await rawRequest(server.url, { path: "/healthcheck" })).status).toBe(200);
  });
});
