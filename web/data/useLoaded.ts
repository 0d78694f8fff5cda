/**
 * A value loaded by an async call, loaded again when its keys change (the old value goes: it was
 * another object's) or `reload()` is called (the old value stays on screen until the new one
 * comes); a reply for keys that changed meanwhile is dropped, so a slow page never overwrites a
 * newer one.
 */
import { useCallback, useEffect, useRef, useState } from "react";

export type Loaded<T> =
  | { state: "loading"; value: T | null }
  | { state: "ready"; value: T }
  | { state: "failed"; value: T | null; error: string };

export function useLoaded<T>(load: () => Promise<T>, keys: readonly unknown[]): Loaded<T> & { reload(): void } {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: "loading", value: null });
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  const shownGeneration = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const ticket = ++latest.current;
    const keepValue = generation !== shownGeneration.current;
    shownGeneration.current = generation;
    setLoaded((l) => ({ state: "loading", value: keepValue ? l.value : null }));
    loadRef.current().then(
      (value) => ticket === latest.current && setLoaded({ state: "ready", value }),
      (error: unknown) =>
        ticket === latest.current &&
        setLoaded((l) => ({
          state: "failed",
          value: l.value,
          error: error instanceof Error ? error.message : String(error),
        })),
    );
  }, [...keys, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...loaded, reload };
}
