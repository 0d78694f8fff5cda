/**
 * The copied commands answer like the run: the request panel's request (fields, headers, query)
 * built by the project store, sent once by fetch as the page does, then by the generated curl
 * command through `bash -c`, the Python snippet through python3 and the fetch snippet through
 * Node — against a real server that needs its access token, which the commands take from AUTH_TOKEN.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CommandRequest,
  curlCommand,
  fetchSnippet,
  pythonSnippet,
} from "../../../../web/request/commandSnippets.ts";
import { createProjectStore } from "../../../../web/state/projectStore.ts";
import { photo } from "../../../support/fixtures.ts";
import { ECHO_REQUEST, FILLED_REPLY } from "../../../support/requestPanel.ts";
import { authHeaders, startTestServer, type TestServer } from "../../../support/testServer.ts";

const run = promisify(execFile);
const TOKEN = "copy-as-curl-test-token";
const account = crypto.randomUUID();
let server: TestServer;
let request: CommandRequest;
let pageReply: { status: number; body: unknown };

/** The store holding what the request panel e2e test types (test/support/requestPanel.ts). */
function filledProject() {
  const store = createProjectStore();
  const id = store.getState().addImage({
    filename: "grace_hopper_512x512.jpg",
    mimetype: "image/jpeg",
    bytes: photo("grace_hopper_512x512.jpg"),
  });
  store.getState().setSourceFields(id, {
    sourceType: "0",
    detectTime: "2024-05-01T12:00:00Z",
    detectTs: "1714564800.5",
    imageOrigin: "https://example.org/door.jpg",
    meta: '{"camera": "door", "floor": 3}',
  });
  store.getState().setRequest((r) => ({
    ...r,
    aggregateAttributes: "1",
    useExifInfo: "0",
    sourceData: '{"source": "cam-1"}',
    headers: {
      handlerId: FILLED_REPLY.handlerId,
      eventTime: FILLED_REPLY.eventTime,
      extra: [{ name: "X-Camera", value: "door-3" }],
    },
    query: [{ name: "mode", value: "fast" }],
  }));
  return store.getState().preparedRequest();
}

beforeAll(async () => {
  server = await startTestServer({ AUTH_TOKEN: TOKEN });
  const created = await fetch(`${server.url}/luna-lambda/1/lambdas`, {
    method: "POST",
    headers: { ...authHeaders(server), "luna-account-id": account, "content-type": "application/json" },
    body: JSON.stringify({ name: "echo", lambda_type: "handlers", code: ECHO_REQUEST }),
  });
  expect(created.status).toBe(201);
  const { proxy_url } = (await created.json()) as { proxy_url: string };
  const prepared = filledProject();
  expect(prepared.problems).toEqual([]);
  request = {
    url: new URL(proxy_url, server.url).href,
    body: prepared.body,
    contentType: prepared.contentType,
    headers: { ...prepared.headers, "luna-account-id": account },
    query: prepared.query,
  };
  // What a run does (web/api/lambdaService.ts call): the body, headers and query to proxy/main.
  const response = await fetch(`${request.url}?${new URLSearchParams(request.query)}`, {
    method: "POST",
    headers: { ...authHeaders(server), ...request.headers, "content-type": request.contentType },
    body: request.body as Uint8Array<ArrayBuffer>,
  });
  pageReply = { status: response.status, body: await response.json() };
}, 120_000);
afterAll(() => server?.close());

describe("copied commands against the real server", () => {
  it("the run itself answers with every field it was given", () => {
    expect(pageReply).toEqual({ status: 201, body: FILLED_REPLY });
  });

  it("curl, run by bash -c with AUTH_TOKEN set, answers like the run; without the token it is refused", async () => {
    const command = curlCommand(request);
    const { stdout } = await run("bash", ["-c", command], { env: { ...process.env, AUTH_TOKEN: TOKEN } });
    expect(JSON.parse(stdout)).toEqual(pageReply.body);
    const { AUTH_TOKEN: _none, ...without } = process.env;
    const refused = await run("bash", ["-c", command], { env: without });
    expect(JSON.parse(refused.stdout)).toMatchObject({ error_code: 95072 });
  }, 60_000);

  it("the Python snippet (urllib) answers like the run", async () => {
    const { stdout } = await run("python3", ["-c", pythonSnippet(request)], {
      env: { ...process.env, AUTH_TOKEN: TOKEN },
      maxBuffer: 4 << 20,
    });
    const [status, ...json] = stdout.split("\n");
    expect([Number(status), JSON.parse(json.join("\n"))]).toEqual([201, pageReply.body]);
  }, 60_000);

  it("the fetch snippet, run by Node as a module, answers like the run", async () => {
    const { stdout } = await run(process.execPath, ["--input-type=module", "-e", fetchSnippet(request)], {
      env: { ...process.env, AUTH_TOKEN: TOKEN },
    });
    const space = stdout.indexOf(" ");
    expect([Number(stdout.slice(0, space)), JSON.parse(stdout.slice(space + 1))]).toEqual([201, pageReply.body]);
  }, 60_000);
});
