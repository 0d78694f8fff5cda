/**
 * A saved request back into the panels: a handlers body's sources become the gallery's images
 * (with their boxes) and each one's fields, the top-level keys the request fields, the headers and
 * query their editors; a standalone body becomes the run bar's text. Used by "load" on a test
 * event and by opening an exported zip. A body the shared schema refuses is refused here, named.
 */
import { decode } from "@msgpack/msgpack";
import { IMAGE_MIME_TYPES, sniffImageFormat } from "../../shared/inference/imageFormat.ts";
import { handlersInputWireSchema } from "../../shared/luna/schemas/handlersInput.ts";
import { formatIssuePath } from "../../shared/luna/validate.ts";
import { defaultSourceFields, type RequestSpec, type SourceFields } from "../../shared/playground/requestSpec.ts";
import type { FaceBox, ProjectImage, ProjectState } from "../state/projectStore.ts";
import type { SavedRequest } from "../state/savedRequest.ts";

/** JSON text of a value the user will edit ("" when absent). */
const jsonText = (value: unknown) => (value === undefined || value === null ? "" : JSON.stringify(value));

/** The spec's headers and query from a saved request's (the account stays the page's own). */
function headersAndQuery(saved: Pick<SavedRequest, "headers" | "query">): Pick<RequestSpec, "headers" | "query"> {
  const { "luna-handler-id": handlerId, "luna-event-time": eventTime, ...rest } = saved.headers;
  const extra = Object.entries(rest)
    .filter(([name]) => name !== "luna-account-id" && name !== "content-type")
    .map(([name, value]) => ({ name, value }));
  return {
    headers: { handlerId: handlerId ?? "", eventTime: eventTime ?? "", extra },
    query: Object.entries(saved.query).map(([name, value]) => ({ name, value })),
  };
}

/** The decoded, schema-checked handlers body of a saved request; `where` names it in the error. */
export function decodeHandlersBody(body: Uint8Array, where: string) {
  let value: unknown;
  try {
    value = decode(body);
  } catch {
    throw new Error(`${where} is not msgpack`);
  }
  const parsed = handlersInputWireSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${where}: ${formatIssuePath(issue.path) || "(root)"}: ${issue.message}`);
  }
  // The wire value itself (not the parsed one): bytes and keys exactly as saved.
  return value as typeof parsed.data;
}

export function savedRequestToProject(
  saved: Pick<SavedRequest, "name" | "lambdaType" | "contentType" | "body" | "headers" | "query">,
  current: Pick<ProjectState, "request">,
  where = `test event '${saved.name}'`,
): Partial<ProjectState> {
  const spec = headersAndQuery(saved);
  if (saved.lambdaType === "standalone") {
    return {
      lambdaType: "standalone",
      standaloneBody: new TextDecoder().decode(saved.body),
      standaloneContentType: saved.contentType === "application/octet-stream" ? saved.contentType : "application/json",
      request: { ...current.request, ...spec },
    };
  }
  const wire = decodeHandlersBody(saved.body, where);
  const images: ProjectImage[] = [];
  const boxes: Record<string, FaceBox[]> = {};
  const sources: Record<string, SourceFields> = {};
  let sendFaceBoundingBoxes = false;
  wire.sources.forEach((entry, index) => {
    const body = (entry.source?.body ?? entry.body) as Uint8Array;
    const format = sniffImageFormat(body);
    if (!format) throw new Error(`${where}: sources[${index}] is not an image the playground can show`);
    const id = crypto.randomUUID();
    images.push({
      id,
      filename: entry.filename ?? `image-${index + 1}.${format}`,
      mimetype: IMAGE_MIME_TYPES[format],
      bytes: body,
    });
    boxes[id] = (entry.source?.face_detection_data ?? []).map((d) => ({
      id: crypto.randomUUID(),
      ...d.bounding_box,
      source: "user" as const,
    }));
    sendFaceBoundingBoxes ||= (entry.face_bounding_boxes?.length ?? 0) > 0;
    sources[id] = {
      ...defaultSourceFields(),
      sourceType: entry.source_type === "raw_image" ? "raw_image" : entry.source_type === 0 ? "0" : "1",
      detectTime: entry.detect_time ?? "",
      detectTs: entry.detect_ts == null ? "" : String(entry.detect_ts),
      imageOrigin: typeof entry.image_origin === "string" ? entry.image_origin : jsonText(entry.image_origin),
      meta: jsonText(entry.meta),
      sourceData: jsonText(entry.source_data),
      bodyMeta: jsonText(entry.source?.body_meta),
      bodyBoundingBoxes: jsonText(entry.body_bounding_boxes),
    };
  });
  const flag = (value: unknown) => (value === 1 || value === true ? "1" : "0");
  return {
    lambdaType: "handlers",
    images,
    boxes,
    selectedImageId: images[0]?.id ?? null,
    sendFaceBoundingBoxes,
    request: {
      aggregateAttributes: flag(wire.aggregate_attributes),
      useExifInfo: wire.use_exif_info === undefined ? "" : flag(wire.use_exif_info),
      sourceData: jsonText(wire.source_data),
      sources,
      ...spec,
    },
  };
}
