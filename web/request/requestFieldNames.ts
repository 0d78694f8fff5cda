/**
 * A request problem's field (shared/playground/requestWire.ts paths such as
 * `sources.<image id>.detectTs`) in the words the request panel uses, so a refused run says where
 * to look: "detect_ts of image 2 (astronaut.png)".
 */
import type { ProjectState } from "../state/projectStore.ts";

/** The wire name each spec field stands for. */
export const WIRE_NAMES: Record<string, string> = {
  aggregateAttributes: "aggregate_attributes",
  useExifInfo: "use_exif_info",
  sourceData: "source_data",
  sourceType: "source_type",
  detectTime: "detect_time",
  detectTs: "detect_ts",
  imageOrigin: "image_origin",
  meta: "meta",
  bodyMeta: "source.body_meta",
  bodyBoundingBoxes: "body_bounding_boxes",
  handlerId: "Luna-Handler-Id",
  eventTime: "Luna-Event-Time",
  standaloneBody: "the request body",
  body: "the body",
};

export function describeField(field: string, state: Pick<ProjectState, "images">): string {
  const parts = field.split(".");
  if (parts[0] === "sources") {
    const index = state.images.findIndex((i) => i.id === parts[1]);
    const image = index >= 0 ? `image ${index + 1} (${state.images[index]!.filename})` : "an image";
    return parts[2] ? `${WIRE_NAMES[parts[2]] ?? parts[2]} of ${image}` : image;
  }
  if (parts[0] === "headers" && parts[1] === "extra") return `extra header ${Number(parts[2]) + 1}`;
  if (parts[0] === "headers") return WIRE_NAMES[parts[1] ?? ""] ?? field;
  if (parts[0] === "query") return `query parameter ${Number(parts[1]) + 1}`;
  return WIRE_NAMES[field] ?? field;
}
