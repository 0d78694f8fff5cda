/**
 * A saved test event: a named snapshot of one request (the body as it was encoded, its headers and
 * query) and the reply it is expected to give — its golden reply. Kept in the project (store,
 * project file, IndexedDB) and exported as requests/<name>.* (shared/lambda/savedRequests.ts).
 */
import type { LambdaType, StandaloneContentType } from "./projectStore.ts";

export interface GoldenReply {
  status: number;
  body: unknown;
}

/** What a lambda's body is: Luna-Handlers' msgpack, or a standalone body's type. */
export type RequestContentType = "application/msgpack" | StandaloneContentType;

export interface SavedRequest {
  /** Letters, digits, - and _: it is a file name in the export's requests/. */
  name: string;
  lambdaType: LambdaType;
  /** application/msgpack (handlers), or the standalone body's type. */
  contentType: RequestContentType;
  body: Uint8Array;
  /** Headers besides the account and content type (names lower case). */
  headers: Record<string, string>;
  query: Record<string, string>;
  golden: GoldenReply | null;
}

export const SAVED_REQUEST_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$/;
/** The export keeps at most this many requests (POST /export). */
export const SAVED_REQUESTS_MAX = 50;

/** Why `name` cannot name a new (or renamed) saved request, or null. */
export function savedRequestNameProblem(
  name: string,
  taken: readonly SavedRequest[],
  renaming?: string,
): string | null {
  if (!name) return "give the test event a name";
  if (!SAVED_REQUEST_NAME.test(name))
    return `'${name}': letters, digits, - and _ only (up to 60), starting with a letter or digit — it becomes a file name`;
  if (taken.some((r) => r.name === name && r.name !== renaming)) return `a test event named '${name}' already exists`;
  if (!renaming && taken.length >= SAVED_REQUESTS_MAX) return `at most ${SAVED_REQUESTS_MAX} test events per project`;
  return null;
}
