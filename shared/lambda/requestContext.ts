/**
 * Which request the code running now belongs to, for the logger's request id. A host that answers
 * requests concurrently (the Node runtimes) installs one over AsyncLocalStorage; the default keeps a
 * single current id, enough for a host that answers one request at a time (the browser worker).
 */
export interface RequestContext {
  current(): string | null;
  run<T>(requestId: string | null, work: () => Promise<T>): Promise<T>;
}

/** One request at a time: the id is set for the duration of `work`. */
export function singleRequestContext(): RequestContext {
  let current: string | null = null;
  return {
    current: () => current,
    async run(requestId, work) {
      const previous = current;
      current = requestId;
      try {
        return await work();
      } finally {
        current = previous;
      }
    },
  };
}
