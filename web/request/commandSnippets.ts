/**
 * "Copy as curl / fetch / Python" for the kept server lambda: self-contained commands that send
 * what a run sent — the body inlined (base64 for bytes, so a paste keeps them exact), the account,
 * the content type, the request panel's headers and query — to the lambda's proxy/main URL.
 *
 * The control plane's access token (server/http/accessToken.ts) lives in an HttpOnly cookie the
 * page cannot read, so the commands take it from the AUTH_TOKEN environment variable when it is
 * set — the name the server itself reads it from (a server on loopback without one needs none).
 *
 * Python uses the standard library's urllib rather than luna3: luna3's lambda client has no
 * documented call for a lambda's proxy, and urllib runs on any python3 without installing anything.
 */

export const TOKEN_ENV = "AUTH_TOKEN";

export interface CommandRequest {
  /** Absolute proxy/main URL, without a query. */
  url: string;
  body: Uint8Array;
  contentType: string;
  /** Lower-case names (luna-account-id, luna-handler-id, x-…); content-type is taken from `contentType`. */
  headers: Record<string, string>;
  query: Record<string, string>;
}

/** A shell word in single quotes (a quote inside becomes '\''). */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function base64Of(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 0x8000)));
  return btoa(binary);
}

/** Base64 in 76-column lines, as base64(1) writes and reads it. */
function base64Lines(bytes: Uint8Array): string {
  return (base64Of(bytes).match(/.{1,76}/g) ?? []).join("\n");
}

export function urlWithQuery(request: Pick<CommandRequest, "url" | "query">): string {
  const search = new URLSearchParams(request.query).toString();
  return search ? `${request.url}?${search}` : request.url;
}

/** The headers in a stable order: content type, account, the rest by name. */
function orderedHeaders(request: CommandRequest): [string, string][] {
  const { "content-type": _type, "luna-account-id": account, ...rest } = request.headers;
  return [
    ["content-type", request.contentType],
    ...(account !== undefined ? [["luna-account-id", account] as [string, string]] : []),
    ...Object.entries(rest).sort(([a], [b]) => a.localeCompare(b)),
  ];
}

/** A body that is JSON text goes inline as it is; anything else as base64. */
function jsonText(request: CommandRequest): string | null {
  if (request.contentType !== "application/json") return null;
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(request.body);
    JSON.parse(text);
    return text;
  } catch {
    return null;
  }
}

export function curlCommand(request: CommandRequest): string {
  const json = jsonText(request);
  const lines = [
    `${json === null ? "base64 -d <<'EOF' | " : ""}curl -sS -X POST ${shellQuote(urlWithQuery(request))}`,
    ...orderedHeaders(request).map(([name, value]) => `-H ${shellQuote(`${name}: ${value}`)}`),
    `\${${TOKEN_ENV}:+-H "Authorization: Bearer $${TOKEN_ENV}"}`,
    json === null ? "--data-binary @-" : `--data-binary ${shellQuote(json)}`,
  ];
  const command = lines.join(" \\\n  ");
  return json === null ? `${command}\n${base64Lines(request.body)}\nEOF` : command;
}

export function fetchSnippet(request: CommandRequest): string {
  const json = jsonText(request);
  const headers = orderedHeaders(request)
    .map(([name, value]) => `    ${JSON.stringify(name)}: ${JSON.stringify(value)},`)
    .join("\n");
  const body =
    json === null
      ? `Uint8Array.from(atob(${JSON.stringify(base64Of(request.body))}), (c) => c.charCodeAt(0))`
      : JSON.stringify(json);
  return [
    "// Node 18+ (as an ES module) or the browser's console.",
    `const token = globalThis.process?.env?.${TOKEN_ENV};`,
    `const response = await fetch(${JSON.stringify(urlWithQuery(request))}, {`,
    `  method: "POST",`,
    "  headers: {",
    headers,
    '    ...(token ? { authorization: "Bearer " + token } : {}),',
    "  },",
    `  body: ${body},`,
    "});",
    "console.log(response.status, JSON.stringify(await response.json(), null, 2));",
  ].join("\n");
}

export function pythonSnippet(request: CommandRequest): string {
  const json = jsonText(request);
  const headers = orderedHeaders(request)
    .map(([name, value]) => `    ${JSON.stringify(name)}: ${JSON.stringify(value)},`)
    .join("\n");
  return [
    "# python3, standard library only.",
    "import base64, json, os, urllib.error, urllib.request",
    "",
    json === null
      ? `body = base64.b64decode(${JSON.stringify(base64Of(request.body))})`
      : `body = ${JSON.stringify(json)}.encode("utf-8")`,
    "headers = {",
    headers,
    "}",
    `if os.environ.get(${JSON.stringify(TOKEN_ENV)}):`,
    `    headers["authorization"] = "Bearer " + os.environ[${JSON.stringify(TOKEN_ENV)}]`,
    `request = urllib.request.Request(${JSON.stringify(urlWithQuery(request))}, data=body, headers=headers, method="POST")`,
    "try:",
    "    with urllib.request.urlopen(request) as response:",
    "        status, reply = response.status, response.read()",
    "except urllib.error.HTTPError as error:",
    "    status, reply = error.code, error.read()",
    "print(status)",
    "print(json.dumps(json.loads(reply), indent=2))",
  ].join("\n");
}
