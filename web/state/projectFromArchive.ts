/**
 * "Open project" with a lambda zip (an exported project, or any lambda archive): the code, the
 * user's mask model and — from the first saved request — the images with their boxes come back;
 * the run target and timeout stay as they are. What the playground cannot hold is refused with a
 * reason rather than dropped.
 */
import { decode } from "@msgpack/msgpack";
import { readLambdaArchive } from "../../shared/lambda/archive.ts";
import { IMAGE_MIME_TYPES, sniffImageFormat } from "../../shared/inference/imageFormat.ts";
import type { FaceBox, ProjectImage, ProjectState } from "./projectStore.ts";

interface SavedSource {
  filename?: unknown;
  source?: {
    body?: unknown;
    face_detection_data?: { bounding_box?: { x: number; y: number; width: number; height: number } }[];
  };
  face_bounding_boxes?: unknown;
}

export async function projectFromArchive(
  bytes: Uint8Array,
  current: ProjectState,
  fileName = "lambda.zip",
): Promise<ProjectState> {
  const archive = await readLambdaArchive(bytes);
  const onnx = archive.files["models/mask.onnx"];
  const manifest = archive.files["models/mask.json"];
  const images: ProjectImage[] = [];
  const boxes: Record<string, FaceBox[]> = {};
  let sendFaceBoundingBoxes = false;
  const first = archive.requests[0];
  const lambdaType = archive.lambdaType ?? "handlers";
  // A standalone lambda's saved request is its body, kept as the text to edit.
  const standalone =
    lambdaType === "standalone" && first
      ? { standaloneBody: new TextDecoder().decode(first.body), standaloneContentType: "application/json" as const }
      : {};
  if (first && lambdaType === "handlers") {
    let request: { sources?: SavedSource[] } | null = null;
    try {
      request = decode(first.body) as { sources?: SavedSource[] };
    } catch {
      throw new Error(`requests/${first.name}.msgpack is not msgpack`);
    }
    for (const [index, entry] of (Array.isArray(request?.sources) ? request.sources : []).entries()) {
      const body = entry?.source?.body;
      if (!(body instanceof Uint8Array)) continue;
      const format = sniffImageFormat(body);
      if (!format) continue;
      const id = crypto.randomUUID();
      images.push({
        id,
        filename: typeof entry.filename === "string" ? entry.filename : `image-${index + 1}.${format}`,
        mimetype: IMAGE_MIME_TYPES[format],
        bytes: body,
      });
      boxes[id] = (entry.source?.face_detection_data ?? []).flatMap((d) =>
        d?.bounding_box ? [{ id: crypto.randomUUID(), ...d.bounding_box, source: "user" as const }] : [],
      );
      sendFaceBoundingBoxes ||= Array.isArray(entry.face_bounding_boxes) && entry.face_bounding_boxes.length > 0;
    }
  }
  return {
    ...current,
    code: archive.code,
    modules: archive.modules,
    lambdaType,
    ...standalone,
    language: archive.language,
    // Not a template: the picker shows none chosen rather than a template the code is not.
    templateId: "",
    name: archive.name ?? fileName.replace(/\.zip$/i, ""),
    settings: archive.settings,
    baseline: {
      [archive.language === "python" ? "lambda_main.py" : "lambda_main.ts"]: archive.code,
      ...archive.modules,
    },
    images,
    boxes,
    selectedImageId: images[0]?.id ?? null,
    sendFaceBoundingBoxes,
    maskModel:
      onnx && manifest
        ? { filename: "mask.onnx", bytes: onnx, manifest: new TextDecoder().decode(manifest) }
        : current.maskModel,
  };
}
