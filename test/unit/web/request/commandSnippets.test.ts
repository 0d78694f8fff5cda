import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  type CommandRequest,
  curlCommand,
  fetchSnippet,
  pythonSnippet,
  shellQuote,
  urlWithQuery,
} from "../../../../web/request/commandSnippets.ts";
import { photo } from "../../../support/fixtures.ts";

const grace = photo("grace_hopper_512x512.jpg");
const msgpackRequest: CommandRequest = {
  url: "http://127.0.0.1:5173/luna-lambda/1/lambdas/abc/proxy/main",
  body: grace,
  contentType: "application/msgpack",
  headers: {
    "luna-account-id": "6c5b1c1e-58c1-4bd1-9d3e-2f7a8b9c0d1e",
    "x-camera": "it's door 3",
    "luna-handler-id": "0f0e0d0c-58c1-4bd1-9d3e-2f7a8b9c0d1e",
  },
  query: { mode: "fast", "a.b": "x y&z" },
};

describe("copy as curl / fetch / Python", () => {
  it("quotes shell words so any text survives, quotes included", () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(execFileSync("bash", ["-c", `printf %s ${shellQuote("a 'b' $HOME \\ \"c\"")}`], { encoding: "utf8" })).toBe(
      "a 'b' $HOME \\ \"c\"",
    );
  });

  it("puts the query on the URL, encoded", () => {
    expect(urlWithQuery(msgpackRequest)).toBe(`${msgpackRequest.url}?mode=fast&a.b=x+y%26z`);
    expect(urlWithQuery({ url: "http://h/main", query: {} })).toBe("http://h/main");
  });

  it("inlines a msgpack body as base64 on curl's stdin, byte for byte, with every header in a stable order", () => {
    const command = curlCommand(msgpackRequest);
    const [first, ...rest] = command.split("\n");
    expect(first).toBe(`base64 -d <<'EOF' | curl -sS -X POST '${urlWithQuery(msgpackRequest)}' \\`);
    const headers = rest.filter((l) => l.trim().startsWith("-H")).map((l) => l.trim().replace(/ \\$/, ""));
    expect(headers).toEqual([
      "-H 'content-type: application/msgpack'",
      "-H 'luna-account-id: 6c5b1c1e-58c1-4bd1-9d3e-2f7a8b9c0d1e'",
      "-H 'luna-handler-id: 0f0e0d0c-58c1-4bd1-9d3e-2f7a8b9c0d1e'",
      `-H 'x-camera: it'\\''s door 3'`,
    ]);
    expect(command).toContain('${AUTH_TOKEN:+-H "Authorization: Bearer $AUTH_TOKEN"}');
    expect(command.endsWith("\nEOF")).toBe(true);
    // The heredoc is what base64 -d turns back into the body.
    const base64 = command.slice(command.indexOf("--data-binary @-\n") + 17, -"\nEOF".length);
    expect(base64.split("\n").every((line) => line.length <= 76)).toBe(true);
    expect(new Uint8Array(execFileSync("base64", ["-d"], { input: base64 }))).toEqual(grace);
  });

  it("sends a JSON body as it is, and a bytes body as base64", () => {
    const json = {
      ...msgpackRequest,
      body: new TextEncoder().encode('{"n": 21, "s": "it\'s"}'),
      contentType: "application/json",
    };
    const command = curlCommand(json);
    expect(command.startsWith("curl -sS -X POST")).toBe(true);
    expect(command).toContain(`--data-binary '{"n": 21, "s": "it'\\''s"}'`);
    expect(fetchSnippet(json)).toContain(`body: ${JSON.stringify('{"n": 21, "s": "it\'s"}')},`);
    expect(pythonSnippet(json)).toContain(`body = ${JSON.stringify('{"n": 21, "s": "it\'s"}')}.encode("utf-8")`);
    const bytes = { ...json, body: new Uint8Array([0xff, 0, 1]), contentType: "application/octet-stream" };
    expect(curlCommand(bytes)).toContain("base64 -d <<'EOF'");
    expect(curlCommand(bytes).endsWith("\n/wAB\nEOF")).toBe(true);
  });

  it("writes fetch and Python snippets that carry the same body, headers and URL", () => {
    const js = fetchSnippet(msgpackRequest);
    expect(js).toContain(`await fetch(${JSON.stringify(urlWithQuery(msgpackRequest))}`);
    expect(js).toContain('"x-camera": "it\'s door 3",');
    expect(js).toContain(Buffer.from(grace).toString("base64"));
    const py = pythonSnippet(msgpackRequest);
    expect(py).toContain(`body = base64.b64decode("${Buffer.from(grace).toString("base64")}")`);
    expect(py).toContain('"luna-handler-id": "0f0e0d0c-58c1-4bd1-9d3e-2f7a8b9c0d1e",');
    expect(py).toContain('if os.environ.get("AUTH_TOKEN"):');
  });
});
