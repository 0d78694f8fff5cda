/**
 * The last requests a server lambda answered, kept in its folder (requests/<name>.msgpack|json +
 * <name>.reply.json) so its exported archive carries real test requests with their replies.
 */
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ExportedRequest } from "../../shared/lambda/archive.ts";

export const SAVED_REQUESTS_KEPT = 10;

export async function writeSavedRequest(dir: string, request: ExportedRequest, extension: "msgpack" | "json"): Promise<void> {
  await mkdir(dir, { recursive: true });
  // The reply goes first: a request file is only listed once its reply is there.
  await writeFile(join(dir, `${request.name}.reply.json`), `${JSON.stringify(request.reply, null, 2)}\n`);
  await writeFile(join(dir, `${request.name}.headers.json`), `${JSON.stringify(request.headers, null, 2)}\n`);
  await writeFile(join(dir, `${request.name}.${extension}`), request.body);
}

/** Records one run, named by its time, and drops the oldest beyond SAVED_REQUESTS_KEPT. */
export async function recordRun(dir: string, run: Omit<ExportedRequest, "name">, extension: "msgpack" | "json"): Promise<void> {
  const name = `run-${new Date().toISOString().replace(/[:.]/g, "-")}`;
  await writeSavedRequest(dir, { name, ...run }, extension);
  const runs = (await readdir(dir)).filter((f) => /^run-.*\.(msgpack|json)$/.test(f) && !/\.(reply|headers)\.json$/.test(f)).sort();
  for (const old of runs.slice(0, Math.max(0, runs.length - SAVED_REQUESTS_KEPT))) {
    const stem = old.replace(/\.(msgpack|json)$/, "");
    await rm(join(dir, old), { force: true });
    await rm(join(dir, `${stem}.reply.json`), { force: true });
    await rm(join(dir, `${stem}.headers.json`), { force: true });
  }
}

export async function readSavedRequests(dir: string): Promise<ExportedRequest[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const out: ExportedRequest[] = [];
  for (const file of names.filter((f) => /\.(msgpack|json)$/.test(f) && !/\.(reply|headers)\.json$/.test(f)).sort()) {
    const name = file.replace(/\.(msgpack|json)$/, "");
    const reply = await readFile(join(dir, `${name}.reply.json`), "utf8").then(
      (t) => JSON.parse(t) as ExportedRequest["reply"],
      () => null,
    );
    const headers = await readFile(join(dir, `${name}.headers.json`), "utf8").then(
      (t) => JSON.parse(t) as Record<string, string>,
      () => ({}),
    );
    out.push({ name, body: new Uint8Array(await readFile(join(dir, file))), headers, reply });
  }
  return out;
}
