/**
 * The project: what the user made (images, face boxes, code, run settings). Serialisable, so it
 * survives reloads and can be saved as a file; runtime things (workers, sessions, object URLs)
 * live elsewhere. A vanilla zustand store, so it is testable without React.
 */
import { createStore } from "zustand/vanilla";
import type { BoundingBox } from "../../shared/luna/schemas/handlersInput.ts";
import { encode } from "@msgpack/msgpack";
import { withBase64Bytes } from "../../shared/luna/schemas/common.ts";
import {
  defaultRequestSpec,
  defaultSourceFields,
  type RequestSpec,
  type SourceFields,
} from "../../shared/playground/requestSpec.ts";
import { handlersWire, specHeaders, specQuery, type RequestProblem } from "../../shared/playground/requestWire.ts";
import {
  savedRequestNameProblem,
  type GoldenReply,
  type RequestContentType,
  type SavedRequest,
} from "./savedRequest.ts";

export type RunTarget = "server" | "browser-wasm" | "browser-webgpu";

export interface ProjectImage {
  id: string;
  filename: string;
  mimetype: string;
  bytes: Uint8Array;
}

export interface FaceBox extends BoundingBox {
  id: string;
  /** Drawn by the user, or filled in by "Detect". */
  source: "user" | "detector";
}

export type LambdaLanguage = "typescript" | "python";
export type LambdaType = "handlers" | "standalone";
export type StandaloneContentType = "application/json" | "application/octet-stream";

/** A standalone body the user typed that is not the JSON its content type says, or null. */
export function standaloneBodyProblem(
  state: Pick<ProjectState, "standaloneBody" | "standaloneContentType">,
): string | null {
  if (state.standaloneContentType !== "application/json") return null;
  try {
    JSON.parse(state.standaloneBody);
    return null;
  } catch (error) {
    return `the request body is not JSON: ${(error as Error).message}`;
  }
}

export interface ProjectState {
  /** The user's name for the project: the lambda's name on the server, the export's and the saved file's name. */
  name: string;
  /** lambda_main.ts or lambda_main.py. */
  language: LambdaLanguage;
  images: ProjectImage[];
  /** Face boxes per image id, in original-image pixels. */
  boxes: Record<string, FaceBox[]>;
  selectedImageId: string | null;
  code: string;
  /** The lambda's other modules (path → source, e.g. "helpers.ts"), sent with lambda_main on every target. */
  modules: Record<string, string>;
  templateId: string;
  /** handlers: the request is Luna-Handlers' msgpack of the images; standalone: a free body. */
  lambdaType: LambdaType;
  standaloneBody: string;
  standaloneContentType: StandaloneContentType;
  target: RunTarget;
  /** Also send the boxes as face_bounding_boxes. */
  sendFaceBoundingBoxes: boolean;
  /** A browser run taking longer than this is stopped (its worker terminated). */
  timeoutS: number;
  /** The user's mask classifier: becomes the lambda's models/mask.onnx + models/mask.json. */
  maskModel: UserModelFile | null;
  /**
   * The lambda's settings as lambda.json holds them (service addresses, their timeouts,
   * ADDITIONAL_SERVICES_USAGE…): only what differs from the defaults; sent on create and exported.
   */
  settings: Record<string, unknown>;
  /** Every other field of the handlers request, its headers and query (the images are above). */
  request: RequestSpec;
  /** Named test events: request snapshots with their golden replies. */
  savedRequests: SavedRequest[];
  /** The code files as they were opened (template, project file, zip) or last saved: the tabs' modified markers. */
  baseline: Record<string, string>;
}

export interface UserModelFile {
  filename: string;
  bytes: Uint8Array;
  /** The manifest as JSON text (kind, inputSize, normalisation, labels…). */
  manifest: string;
}

/** What the lambda receives for the project as it is now, and what is wrong with it (nothing is sent then). */
export interface PreparedRequest {
  body: Uint8Array;
  contentType: RequestContentType;
  /** The request panel's headers (lower case), without the account, which the page adds. */
  headers: Record<string, string>;
  query: Record<string, string>;
  problems: RequestProblem[];
}

export interface ProjectActions {
  addImage(image: Omit<ProjectImage, "id">): string;
  removeImage(id: string): void;
  /** Moves an image to a new position in the request's sources. */
  moveImage(id: string, toIndex: number): void;
  selectImage(id: string | null): void;
  addBox(imageId: string, box: BoundingBox, source?: FaceBox["source"]): string;
  updateBox(imageId: string, boxId: string, box: BoundingBox): void;
  deleteBox(imageId: string, boxId: string): void;
  /** Replaces the detector's boxes of an image (the user's stay). */
  setDetectedBoxes(imageId: string, boxes: BoundingBox[]): void;
  /** New code of lambda_main; a template also sets its id and language. */
  setCode(code: string, templateId?: string, language?: LambdaLanguage): void;
  /** Adds, changes (source) or removes (null) a module of the lambda. */
  setModule(path: string, source: string | null): void;
  setName(name: string): void;
  setSettings(settings: Record<string, unknown>): void;
  /** The files as they are now become the baseline (after a save). */
  markSaved(): void;
  /** The code files by path: lambda_main.ts|py first, then the modules. */
  codeFiles(): Record<string, string>;
  setTarget(target: RunTarget): void;
  setLambdaType(type: LambdaType): void;
  setStandaloneBody(body: string, contentType?: StandaloneContentType): void;
  /** The body and content type the lambda receives: the images' msgpack (handlers) or the typed body (standalone). */
  requestBody(): { body: Uint8Array; contentType: string };
  setSendFaceBoundingBoxes(on: boolean): void;
  setTimeoutS(seconds: number): void;
  setMaskModel(model: UserModelFile | null): void;
  /** The lambda's own files (models/…), as the runtimes read them. */
  lambdaFiles(): Record<string, Uint8Array>;
  /** The msgpack body the lambda receives for this project. */
  buildRequest(): Uint8Array;
  /** Body, headers and query of the request as the panels have it, with its problems. */
  preparedRequest(): PreparedRequest;
  setRequest(update: (spec: RequestSpec) => RequestSpec): void;
  /** Changes some of an image's own fields (detect_time, meta…). */
  setSourceFields(imageId: string, fields: Partial<SourceFields>): void;
  /** Saves the current request under `name`; the problem (bad or taken name, invalid request), or null. */
  saveRequest(name: string): string | null;
  renameSavedRequest(name: string, to: string): string | null;
  deleteSavedRequest(name: string): void;
  setGolden(name: string, golden: GoldenReply | null): void;
  /** Adds saved requests as they are (opened from an export's requests/). */
  setSavedRequests(requests: SavedRequest[]): void;
}

export type ProjectStore = ReturnType<typeof createProjectStore>;

const newId = () => crypto.randomUUID();

export const mainFileName = (language: LambdaLanguage) => (language === "python" ? "lambda_main.py" : "lambda_main.ts");

/** lambda_main and the modules by path, the way the tabs, the API and the export list them. */
export function codeFilesOf(state: Pick<ProjectState, "language" | "code" | "modules">): Record<string, string> {
  return { [mainFileName(state.language)]: state.code, ...state.modules };
}

/** Boxes keep integer pixels inside nothing in particular: a box may reach past the image edge. */
function clean(box: BoundingBox): BoundingBox {
  return {
    x: Math.round(box.x),
    y: Math.round(box.y),
    width: Math.max(1, Math.round(box.width)),
    height: Math.max(1, Math.round(box.height)),
  };
}

/** A project with nothing in it yet: what a new project starts from. */
export function defaultProjectState(): ProjectState {
  return {
    images: [],
    boxes: {},
    selectedImageId: null,
    code: "",
    modules: {},
    templateId: "blank",
    lambdaType: "handlers",
    standaloneBody: '{"hello": "world"}',
    standaloneContentType: "application/json",
    language: "typescript",
    target: "server",
    sendFaceBoundingBoxes: false,
    timeoutS: 30,
    maskModel: null,
    name: "My lambda",
    settings: {},
    request: defaultRequestSpec(),
    savedRequests: [],
    baseline: {},
  };
}

export function createProjectStore(initial: Partial<ProjectState> = {}) {
  return createStore<ProjectState & ProjectActions>()((set, get) => ({
    ...defaultProjectState(),
    ...initial,

    addImage(image) {
      const id = newId();
      set((s) => ({ images: [...s.images, { ...image, id }], boxes: { ...s.boxes, [id]: [] }, selectedImageId: id }));
      return id;
    },
    removeImage(id) {
      set((s) => {
        const images = s.images.filter((i) => i.id !== id);
        const { [id]: _removed, ...boxes } = s.boxes;
        const { [id]: _fields, ...sources } = s.request.sources;
        return {
          images,
          boxes,
          request: { ...s.request, sources },
          selectedImageId: s.selectedImageId === id ? (images[0]?.id ?? null) : s.selectedImageId,
        };
      });
    },
    moveImage(id, toIndex) {
      set((s) => {
        const from = s.images.findIndex((i) => i.id === id);
        if (from < 0) return {};
        const images = [...s.images];
        const [moved] = images.splice(from, 1);
        images.splice(Math.max(0, Math.min(toIndex, images.length)), 0, moved!);
        return { images };
      });
    },
    selectImage(id) {
      set({ selectedImageId: id });
    },
    addBox(imageId, box, source = "user") {
      const id = newId();
      set((s) => ({ boxes: { ...s.boxes, [imageId]: [...(s.boxes[imageId] ?? []), { ...clean(box), id, source }] } }));
      return id;
    },
    updateBox(imageId, boxId, box) {
      set((s) => ({
        boxes: {
          ...s.boxes,
          [imageId]: (s.boxes[imageId] ?? []).map((b) => (b.id === boxId ? { ...b, ...clean(box) } : b)),
        },
      }));
    },
    deleteBox(imageId, boxId) {
      set((s) => ({ boxes: { ...s.boxes, [imageId]: (s.boxes[imageId] ?? []).filter((b) => b.id !== boxId) } }));
    },
    setDetectedBoxes(imageId, detected) {
      set((s) => ({
        boxes: {
          ...s.boxes,
          [imageId]: [
            ...(s.boxes[imageId] ?? []).filter((b) => b.source === "user"),
            ...detected.map((b) => ({ ...clean(b), id: newId(), source: "detector" as const })),
          ],
        },
      }));
    },
    setCode(code, templateId, language) {
      // A template is a whole lambda: the modules of the previous one do not belong to it.
      set((s) => ({
        code,
        templateId: templateId ?? s.templateId,
        language: language ?? s.language,
        modules: templateId ? {} : s.modules,
      }));
    },
    setModule(path, source) {
      set((s) => {
        const { [path]: _old, ...rest } = s.modules;
        return { modules: source === null ? rest : { ...rest, [path]: source } };
      });
    },
    setName(name) {
      set({ name: name.slice(0, 120) });
    },
    setSettings(settings) {
      set({ settings });
    },
    markSaved() {
      set((s) => ({ baseline: codeFilesOf(s) }));
    },
    codeFiles() {
      return codeFilesOf(get());
    },
    setTarget(target) {
      set({ target });
    },
    setLambdaType(lambdaType) {
      set({ lambdaType });
    },
    setStandaloneBody(standaloneBody, contentType) {
      set((s) => ({ standaloneBody, standaloneContentType: contentType ?? s.standaloneContentType }));
    },
    requestBody() {
      const s = get();
      if (s.lambdaType === "handlers") return { body: get().buildRequest(), contentType: "application/msgpack" };
      return { body: new TextEncoder().encode(s.standaloneBody), contentType: s.standaloneContentType };
    },
    setSendFaceBoundingBoxes(on) {
      set({ sendFaceBoundingBoxes: on });
    },
    setTimeoutS(seconds) {
      // The input refuses "", 0 and negatives itself (timeoutProblem); the store only keeps valid values.
      if (Number.isFinite(seconds) && seconds >= 1 && seconds <= 600) set({ timeoutS: Math.round(seconds) });
    },
    setMaskModel(model) {
      set({ maskModel: model });
    },
    lambdaFiles(): Record<string, Uint8Array> {
      const model = get().maskModel;
      return model
        ? { "models/mask.onnx": model.bytes, "models/mask.json": new TextEncoder().encode(model.manifest) }
        : {};
    },
    buildRequest() {
      const s = get();
      const images = s.images.map((image) => ({ ...image, boxes: s.boxes[image.id] ?? [] }));
      return encode(handlersWire(images, s.request, { sendFaceBoundingBoxes: s.sendFaceBoundingBoxes }).body);
    },
    preparedRequest() {
      const s = get();
      const headers = specHeaders(s.request);
      const query = specQuery(s.request);
      const problems = [...headers.problems, ...query.problems];
      let body: Uint8Array;
      let contentType: RequestContentType;
      if (s.lambdaType === "handlers") {
        const images = s.images.map((image) => ({ ...image, boxes: s.boxes[image.id] ?? [] }));
        const wire = handlersWire(images, s.request, { sendFaceBoundingBoxes: s.sendFaceBoundingBoxes });
        problems.unshift(...wire.problems);
        body = encode(wire.body);
        contentType = "application/msgpack";
      } else {
        const bodyProblem = standaloneBodyProblem(s);
        if (bodyProblem) problems.unshift({ field: "standaloneBody", message: bodyProblem });
        body = new TextEncoder().encode(s.standaloneBody);
        contentType = s.standaloneContentType;
      }
      return { body, contentType, headers: headers.headers, query: query.query, problems };
    },
    setRequest(update) {
      set((s) => ({ request: update(s.request) }));
    },
    setSourceFields(imageId, fields) {
      set((s) => ({
        request: {
          ...s.request,
          sources: {
            ...s.request.sources,
            [imageId]: { ...(s.request.sources[imageId] ?? defaultSourceFields()), ...fields },
          },
        },
      }));
    },
    saveRequest(name) {
      const s = get();
      const problem = savedRequestNameProblem(name, s.savedRequests);
      if (problem) return problem;
      const prepared = s.preparedRequest();
      if (prepared.problems.length > 0) return `the request is not valid: ${prepared.problems[0]!.message}`;
      const saved: SavedRequest = {
        name,
        lambdaType: s.lambdaType,
        contentType: prepared.contentType,
        body: prepared.body,
        headers: prepared.headers,
        query: prepared.query,
        golden: null,
      };
      set({ savedRequests: [...s.savedRequests, saved] });
      return null;
    },
    renameSavedRequest(name, to) {
      const problem = savedRequestNameProblem(to, get().savedRequests, name);
      if (problem) return problem;
      set((s) => ({ savedRequests: s.savedRequests.map((r) => (r.name === name ? { ...r, name: to } : r)) }));
      return null;
    },
    deleteSavedRequest(name) {
      set((s) => ({ savedRequests: s.savedRequests.filter((r) => r.name !== name) }));
    },
    setGolden(name, golden) {
      // Kept as JSON (bytes as base64), as the project file and the export's <name>.reply.json hold it.
      const kept = golden ? { status: golden.status, body: withBase64Bytes(golden.body) ?? null } : null;
      set((s) => ({ savedRequests: s.savedRequests.map((r) => (r.name === name ? { ...r, golden: kept } : r)) }));
    },
    setSavedRequests(savedRequests) {
      set({ savedRequests });
    },
  }));
}
