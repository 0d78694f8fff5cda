/**
 * The project survives reloads: saved to IndexedDB (bytes stay bytes) a moment after each change,
 * loaded before the page renders it. A stored project that no longer parses is set aside, not
 * half-loaded.
 */
import { get, set } from "idb-keyval";
import { fromProjectFile, toProjectFile } from "./projectFile.ts";
import type { ProjectState, ProjectStore } from "./projectStore.ts";

const KEY = "luna-lambda-playground:project";

export async function loadStoredProject(): Promise<ProjectState | null> {
  const stored: unknown = await get(KEY).catch(() => undefined);
  if (stored === undefined) return null;
  try {
    return fromProjectFile(stored);
  } catch (error) {
    console.warn("the stored project could not be read and was set aside:", error);
    await set(`${KEY}:unreadable`, stored).catch(() => undefined);
    return null;
  }
}

export function saveProject(state: ProjectState): Promise<void> {
  return set(KEY, toProjectFile(state));
}

/**
 * Saves after changes settle (debounced); returns the unsubscribe function. `onSaved(false)` is
 * called on every change, `onSaved(true)` once the latest change is stored (tools wait for it
 * instead of guessing how long the debounce and the write take).
 */
export function persistProject(
  store: ProjectStore,
  delayMs = 300,
  onSaved: (saved: boolean) => void = () => {},
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let revision = 0;
  return store.subscribe((state) => {
    const mine = ++revision;
    onSaved(false);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      saveProject(state).then(
        () => mine === revision && onSaved(true),
        (error: unknown) => console.warn("the project could not be saved:", error),
      );
    }, delayMs);
  });
}
