/**
 * The projects survive reloads: each one is a record in IndexedDB (images and models stay bytes —
 * IndexedDB stores them by structured clone, no base64), saved a moment after each change, with an
 * index of them all (id, name, last change) for the projects menu. A template or an opened file
 * becomes a new project, so no change ever overwrites another piece of work. A stored project that
 * no longer parses is set aside, not half-loaded.
 */
import { del, get, set } from "idb-keyval";
import { z } from "zod";
import { projectFileSchema, savedRequestFileSchema } from "../../shared/playground/projectFile.ts";
import { formatIssuePath } from "../../shared/luna/validate.ts";
import { fromProjectFile, plainProjectFields } from "./projectFile.ts";
import { codeFilesOf, type ProjectState, type ProjectStore } from "./projectStore.ts";

const PREFIX = "luna-lambda-playground:";
/** The single project of earlier versions (a project file, base64 images): opened once as the first project. */
const LEGACY_KEY = `${PREFIX}project`;
const INDEX_KEY = `${PREFIX}projects`;
const CURRENT_KEY = `${PREFIX}current-project`;
const projectKey = (id: string) => `${PREFIX}project:${id}`;

const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, "bytes (a Uint8Array)");
/** The stored form: the project file's fields, with bytes instead of base64. */
const storedProjectSchema = projectFileSchema
  .omit({ images: true, maskModel: true, format: true, version: true, savedRequests: true })
  .extend({
    format: z.literal("luna-lambda-playground-stored-project"),
    maskModel: z.strictObject({ filename: z.string().min(1), bytes, manifest: z.string() }).nullable(),
    images: z.array(
      z.strictObject({
        id: z.string().min(1),
        filename: z.string(),
        mimetype: z.string(),
        bytes,
        boxes: projectFileSchema.shape.images.element.shape.boxes,
      }),
    ),
    savedRequests: z
      .array(savedRequestFileSchema.omit({ base64: true }).extend({ body: bytes }))
      .max(50)
      .default([]),
  });

export const projectIndexSchema = z.array(
  z.strictObject({ id: z.string().min(1), name: z.string(), updatedAt: z.number() }),
);
export type ProjectIndexEntry = z.infer<typeof projectIndexSchema>[number];

export function toStoredProject(state: ProjectState): z.input<typeof storedProjectSchema> {
  return {
    format: "luna-lambda-playground-stored-project",
    ...plainProjectFields(state),
    request: state.request,
    savedRequests: state.savedRequests,
    maskModel: state.maskModel,
    images: state.images.map((image) => ({ ...image, boxes: state.boxes[image.id] ?? [] })),
  };
}

export function fromStoredProject(stored: unknown): ProjectState {
  const parsed = storedProjectSchema.safeParse(stored);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`not a stored project: ${formatIssuePath(issue.path) || "(root)"}: ${issue.message}`);
  }
  const p = parsed.data;
  return {
    name: p.name,
    code: p.code,
    modules: p.modules,
    language: p.language,
    templateId: p.templateId,
    lambdaType: p.lambdaType,
    standaloneBody: p.standaloneBody,
    standaloneContentType: p.standaloneContentType,
    target: p.target,
    sendFaceBoundingBoxes: p.sendFaceBoundingBoxes,
    timeoutS: p.timeoutS,
    settings: p.settings,
    request: p.request,
    savedRequests: p.savedRequests,
    maskModel: p.maskModel,
    images: p.images.map(({ boxes: _boxes, ...image }) => image),
    boxes: Object.fromEntries(p.images.map((i) => [i.id, i.boxes])),
    selectedImageId: p.images[0]?.id ?? null,
    baseline: codeFilesOf(p),
  };
}

async function readIndex(): Promise<ProjectIndexEntry[]> {
  const parsed = projectIndexSchema.safeParse(await get(INDEX_KEY).catch(() => undefined));
  return parsed.success ? parsed.data : [];
}

async function setAside(key: string, stored: unknown, error: unknown): Promise<void> {
  console.warn("a stored project could not be read and was set aside:", error);
  await set(`${key}:unreadable`, stored).catch(() => undefined);
  await del(key).catch(() => undefined);
}

/** The projects in IndexedDB and which one is open. */
export class ProjectLibrary {
  private constructor(
    public currentId: string,
    private index: ProjectIndexEntry[],
  ) {}

  /** Opens the library: the last open project (or the legacy one, or none yet: `initial` makes the first). */
  static async open(
    initial: () => Partial<ProjectState>,
  ): Promise<{ library: ProjectLibrary; state: Partial<ProjectState> }> {
    const index = await readIndex();
    const currentId = (await get(CURRENT_KEY).catch(() => undefined)) as string | undefined;
    for (const id of [currentId, ...index.map((e) => e.id)]) {
      if (!id) continue;
      const stored: unknown = await get(projectKey(id)).catch(() => undefined);
      if (stored === undefined) continue;
      try {
        return { library: new ProjectLibrary(id, index), state: fromStoredProject(stored) };
      } catch (error) {
        await setAside(projectKey(id), stored, error);
      }
    }
    const library = new ProjectLibrary(
      crypto.randomUUID(),
      index.filter((e) => e.id !== currentId),
    );
    const legacy: unknown = await get(LEGACY_KEY).catch(() => undefined);
    if (legacy !== undefined) {
      try {
        const state = fromProjectFile(legacy);
        await del(LEGACY_KEY);
        return { library, state };
      } catch (error) {
        await setAside(LEGACY_KEY, legacy, error);
      }
    }
    return { library, state: initial() };
  }

  entries(): ProjectIndexEntry[] {
    return [...this.index].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** Stores a project (the open one unless `id` says which: a late debounced save keeps its own). */
  async save(state: ProjectState, id = this.currentId): Promise<void> {
    await set(projectKey(id), toStoredProject(state));
    this.index = [{ id, name: state.name, updatedAt: Date.now() }, ...this.index.filter((e) => e.id !== id)];
    await set(INDEX_KEY, this.index);
    await set(CURRENT_KEY, id);
  }

  /** Starts a new project (the current one stays stored as it is). */
  startNew(): string {
    this.currentId = crypto.randomUUID();
    return this.currentId;
  }

  /** Reads a stored project to switch to it. */
  async load(id: string): Promise<ProjectState> {
    const stored: unknown = await get(projectKey(id));
    const state = fromStoredProject(stored);
    this.currentId = id;
    await set(CURRENT_KEY, id);
    return state;
  }

  async remove(id: string): Promise<void> {
    await del(projectKey(id));
    this.index = this.index.filter((e) => e.id !== id);
    await set(INDEX_KEY, this.index);
  }
}

/**
 * Saves after changes settle (debounced); returns the unsubscribe function. `onSaved(false)` is
 * called on every change, `onSaved(true)` once the latest change is stored (tools wait for it
 * instead of guessing how long the debounce and the write take).
 */
export function persistProject(
  store: ProjectStore,
  library: Pick<ProjectLibrary, "save" | "currentId">,
  delayMs = 300,
  onSaved: (saved: boolean) => void = () => {},
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let revision = 0;
  return store.subscribe((state) => {
    const mine = ++revision;
    const id = library.currentId;
    onSaved(false);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      library.save(state, id).then(
        () => mine === revision && onSaved(true),
        (error: unknown) => console.warn("the project could not be saved:", error),
      );
    }, delayMs);
  });
}
