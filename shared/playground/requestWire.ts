/**
 * The request spec (requestSpec.ts) as what the lambda receives: the msgpack body's extra keys,
 * the headers and the query — with every problem named by the field it belongs to, so the request
 * panel shows each one inline and Run refuses with the first. The body is judged by the same zod
 * schema the lambda's `request.data` uses (handlersInputWireSchema), so the page accepts exactly
 * what a lambda would.
 */
import type { BoundingBox } from "../luna/schemas/handlersInput.ts";
import { handlersInputWireSchema } from "../luna/schemas/handlersInput.ts";
import { buildHandlersRequest, type RequestImage } from "../lambda/requestBuilder.ts";
import { extraHeaderProblem, namedValuesRecord, queryNameProblem } from "../lambda/requestHeaders.ts";
import { defaultSourceFields, type RequestSpec, type SourceFields } from "./requestSpec.ts";

/**
 * A problem of one field. `field` is the spec's path: `aggregateAttributes`, `sourceData`,
 * `sources.<image id>.detectTs`, `headers.handlerId`, `headers.extra.<index>`, `query.<index>`…
 */
export interface RequestProblem {
  field: string;
  message: string;
}

export interface SpecImage {
  id: string;
  filename: string;
  bytes: Uint8Array;
  boxes: BoundingBox[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ISO-8601 date-time with a zone (what Luna's event times are). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses a JSON field; "" is absent. `kind` says what the wire wants there. */
function jsonField(
  text: string,
  field: string,
  kind: "object" | "array",
  problems: RequestProblem[],
): unknown | undefined {
  if (text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    problems.push({ field, message: `not JSON: ${(error as Error).message}` });
    return undefined;
  }
  const isObject = value !== null && typeof value === "object" && !Array.isArray(value);
  if (kind === "object" ? !isObject : !Array.isArray(value)) {
    problems.push({ field, message: kind === "object" ? "a JSON object {…}" : "a JSON array […]" });
    return undefined;
  }
  return value;
}

/** One image's fields as wire keys (`fields` of the builder) and its `body_meta`. */
function sourceWire(
  fields: SourceFields,
  prefix: string,
  problems: RequestProblem[],
): { fields: Record<string, unknown>; bodyMeta?: Record<string, unknown> } {
  const wire: Record<string, unknown> = {};
  if (fields.sourceType !== "raw_image") wire.source_type = Number(fields.sourceType);
  if (fields.detectTime.trim()) {
    if (ISO_TIME.test(fields.detectTime.trim())) wire.detect_time = fields.detectTime.trim();
    else problems.push({ field: `${prefix}.detectTime`, message: "an ISO-8601 time, e.g. 2024-05-01T12:00:00Z" });
  }
  if (fields.detectTs.trim()) {
    const ts = Number(fields.detectTs);
    if (Number.isFinite(ts)) wire.detect_ts = ts;
    else problems.push({ field: `${prefix}.detectTs`, message: "a number (unix time in seconds)" });
  }
  const origin = fields.imageOrigin.trim();
  if (origin)
    wire.image_origin = origin.startsWith("{")
      ? jsonField(origin, `${prefix}.imageOrigin`, "object", problems)
      : origin;
  const meta = jsonField(fields.meta, `${prefix}.meta`, "object", problems);
  if (meta !== undefined) wire.meta = meta;
  const sourceData = jsonField(fields.sourceData, `${prefix}.sourceData`, "object", problems);
  if (sourceData !== undefined) wire.source_data = sourceData;
  const bodyBoxes = jsonField(fields.bodyBoundingBoxes, `${prefix}.bodyBoundingBoxes`, "array", problems);
  if (bodyBoxes !== undefined) wire.body_bounding_boxes = bodyBoxes;
  const bodyMeta = jsonField(fields.bodyMeta, `${prefix}.bodyMeta`, "object", problems) as
    | Record<string, unknown>
    | undefined;
  return { fields: wire, ...(bodyMeta ? { bodyMeta } : {}) };
}

/** The wire keys (snake_case) of the spec's fields, for mapping a schema issue back to its field. */
const WIRE_TO_FIELD: Record<string, keyof SourceFields> = {
  source_type: "sourceType",
  detect_time: "detectTime",
  detect_ts: "detectTs",
  image_origin: "imageOrigin",
  meta: "meta",
  source_data: "sourceData",
  body_bounding_boxes: "bodyBoundingBoxes",
  body_meta: "bodyMeta",
};

/** A schema issue's path (`sources[1].source_data.tags[0]`) as the field it belongs to. */
function fieldOfIssue(path: readonly PropertyKey[], images: readonly SpecImage[]): string {
  if (path[0] === "sources" && typeof path[1] === "number") {
    const id = images[path[1]]?.id ?? String(path[1]);
    const key = path[2] === "source" ? path[3] : path[2];
    const field = typeof key === "string" ? WIRE_TO_FIELD[key] : undefined;
    return field ? `sources.${id}.${field}` : `sources.${id}`;
  }
  if (path[0] === "aggregate_attributes") return "aggregateAttributes";
  if (path[0] === "use_exif_info") return "useExifInfo";
  if (path[0] === "source_data") return "sourceData";
  return "body";
}

function issueText(path: readonly PropertyKey[], message: string): string {
  const where = path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
  return where ? `${where}: ${message}` : message;
}

export interface HandlersWire {
  /** The body before encoding (image bytes as Uint8Array). */
  body: Record<string, unknown>;
  problems: RequestProblem[];
}

/** The handlers body of the images (in order, with their boxes) and the spec's fields, checked by the shared schema. */
export function handlersWire(
  images: readonly SpecImage[],
  spec: RequestSpec,
  options: { sendFaceBoundingBoxes: boolean },
): HandlersWire {
  const problems: RequestProblem[] = [];
  const requestImages: RequestImage[] = images.map((image) => {
    const fields = spec.sources[image.id] ?? defaultSourceFields();
    return {
      filename: image.filename,
      body: image.bytes,
      boxes: image.boxes,
      ...sourceWire(fields, `sources.${image.id}`, problems),
    };
  });
  const top: Record<string, unknown> = {};
  if (spec.useExifInfo) top.use_exif_info = Number(spec.useExifInfo);
  const sourceData = jsonField(spec.sourceData, "sourceData", "object", problems);
  if (sourceData !== undefined) top.source_data = sourceData;
  const body = buildHandlersRequest(requestImages, {
    sendFaceBoundingBoxes: options.sendFaceBoundingBoxes,
    aggregateAttributes: spec.aggregateAttributes === "1" ? 1 : 0,
    fields: top,
  });
  const parsed = handlersInputWireSchema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0] ?? ""] : issue.path;
      problems.push({ field: fieldOfIssue(path, images), message: issueText(path, issue.message) });
    }
  }
  return { body, problems };
}

/** The headers the spec adds (names lower case; the account and content type are the page's). */
export function specHeaders(spec: RequestSpec): { headers: Record<string, string>; problems: RequestProblem[] } {
  const problems: RequestProblem[] = [];
  const headers: Record<string, string> = {};
  const handlerId = spec.headers.handlerId.trim();
  if (handlerId) {
    if (UUID.test(handlerId)) headers["luna-handler-id"] = handlerId.toLowerCase();
    else problems.push({ field: "headers.handlerId", message: "Luna-Handler-Id is a UUID" });
  }
  const eventTime = spec.headers.eventTime.trim();
  if (eventTime) {
    if (ISO_TIME.test(eventTime)) headers["luna-event-time"] = eventTime;
    else problems.push({ field: "headers.eventTime", message: "an ISO-8601 time, e.g. 2024-05-01T12:00:00Z" });
  }
  const extra = namedValuesRecord(spec.headers.extra, extraHeaderProblem, true);
  for (const p of extra.problems) problems.push({ field: `headers.extra.${p.index}`, message: p.message });
  return { headers: { ...headers, ...extra.record }, problems };
}

/** The query string the spec gives the lambda (`request.query`). */
export function specQuery(spec: RequestSpec): { query: Record<string, string>; problems: RequestProblem[] } {
  const query = namedValuesRecord(spec.query, (name) => queryNameProblem(name), false);
  return {
    query: query.record,
    problems: query.problems.map((p) => ({ field: `query.${p.index}`, message: p.message })),
  };
}
