/**
 * The last requests a server lambda answered, kept in its folder in the saved-request layout
 * (shared/lambda/savedRequests.ts) so its exported archive carries real test requests with their replies.
 */
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  readSavedRequestEntries,
  savedRequestEntries,
  savedRequestFile,
  type ExportedRequest,
} from "../../shared/lambda/savedRequests.ts";

export const SAVED_REQUESTS_KEPT = 10;

export async function writeSavedRequest(
  dir: string,
  request: ExportedRequest,
  extension: "msgpack" | "json",
): Promise<void> {
  await mkdir(dir, { recursive: true });
  // The request file goes last: a request is only listed once its reply and headers are there.
  const entries = Object.entries(savedRequestEntries(request, extension)).reverse();
  for (const [file, bytes] of entries) await writeFile(join(dir, file), bytes);
}

/** Records one run, named by its time, and drops the oldest beyond SAVED_REQUESTS_KEPT. */
export async function recordRun(
  dir: string,
  run: Omit<ExportedRequest, "name">,
  extension: "msgpack" | "json",
): Promise<void> {
  const name = `run-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  await writeSavedRequest(dir, { name, ...run }, extension);
  const files = await readdir(dir);
  const runs = files
    .map(savedRequestFile)
    .filter((f) => f?.name.startsWith("run-"))
    .map((f) => f!.name)
    .sort();
  for (const old of runs.slice(0, Math.max(0, runs.length - SAVED_REQUESTS_KEPT))) {
    for (const file of files.filter((f) => f.startsWith(`${old}.`))) await rm(join(dir, file), { force: true });
  }
}

export async function readSavedRequests(dir: string): Promise<ExportedRequest[]> {
  let files: string[];
  try {
    files = await readdir(dir);
  } catch {
    return [];
  }
  const entries = await Promise.all(
    files
      .filter((f) => f.endsWith(".json") || f.endsWith(".msgpack"))
      .map(async (f) => [f, new Uint8Array(await readFile(join(dir, f)))] as const),
  );
  return readSavedRequestEntries(Object.fromEntries(entries));
}
