/**
 * "Open project" with a lambda zip (an exported project, or any lambda archive): the code, the
 * user's mask model, every saved request of requests/ as a test event (its saved reply its golden
 * one) and — from the first — the images with their boxes, fields, headers and query come back;
 * the run target and timeout stay as they are. What the playground cannot hold is refused with a
 * reason rather than dropped.
 */
import { readLambdaArchive } from "../../shared/lambda/archive.ts";
import type { ExportedRequest } from "../../shared/lambda/savedRequests.ts";
import { savedRequestToProject } from "../request/savedRequestToProject.ts";
import { defaultRequestSpec } from "../../shared/playground/requestSpec.ts";
import type { ProjectState } from "./projectStore.ts";
import { SAVED_REQUEST_NAME, SAVED_REQUESTS_MAX, type SavedRequest } from "./savedRequest.ts";

/** A requests/ entry as a test event: a name the page accepts, the account header dropped (it is the page's). */
function asSavedRequest(
  request: ExportedRequest,
  lambdaType: "handlers" | "standalone",
  taken: Set<string>,
): SavedRequest {
  const base = SAVED_REQUEST_NAME.test(request.name)
    ? request.name
    : request.name
        .replace(/[^A-Za-z0-9_-]+/g, "-")
        .replace(/^[-_]+/, "")
        .slice(0, 50) || "request";
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  taken.add(name);
  const { "luna-account-id": _account, ...headers } = request.headers;
  return {
    name,
    lambdaType,
    contentType: lambdaType === "handlers" ? "application/msgpack" : "application/json",
    body: request.body,
    headers,
    query: request.query ?? {},
    golden: request.reply,
  };
}

export async function projectFromArchive(
  bytes: Uint8Array,
  current: ProjectState,
  fileName = "lambda.zip",
): Promise<ProjectState> {
  const archive = await readLambdaArchive(bytes);
  const onnx = archive.files["models/mask.onnx"];
  const manifest = archive.files["models/mask.json"];
  const lambdaType = archive.lambdaType ?? "handlers";
  const taken = new Set<string>();
  const savedRequests = archive.requests
    .slice(0, SAVED_REQUESTS_MAX)
    .map((request) => asSavedRequest(request, lambdaType, taken));
  // Every saved request is checked now (the shared schema), so a broken one is named before anything opens.
  const loaded = savedRequests.map((saved, i) =>
    savedRequestToProject(
      saved,
      { request: defaultRequestSpec() },
      `requests/${archive.requests[i]!.name}.${lambdaType === "handlers" ? "msgpack" : "json"}`,
    ),
  );
  // The first one becomes the request in the panels (images, boxes, fields, headers, query).
  const first: Partial<ProjectState> = loaded[0] ?? {
    lambdaType,
    images: [],
    boxes: {},
    selectedImageId: null,
    sendFaceBoundingBoxes: false,
    request: defaultRequestSpec(),
  };
  return {
    ...current,
    ...first,
    savedRequests,
    code: archive.code,
    modules: archive.modules,
    lambdaType,
    language: archive.language,
    // Not a template: the picker shows none chosen rather than a template the code is not.
    templateId: "",
    name: archive.name ?? fileName.replace(/\.zip$/i, ""),
    settings: archive.settings,
    baseline: {
      [archive.language === "python" ? "lambda_main.py" : "lambda_main.ts"]: archive.code,
      ...archive.modules,
    },
    maskModel:
      onnx && manifest
        ? { filename: "mask.onnx", bytes: onnx, manifest: new TextDecoder().decode(manifest) }
        : current.maskModel,
  };
}
