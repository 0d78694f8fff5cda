/**
 * "Export lambda": the server builds the runnable project zip (it has the bundler and the runtime
 * sources); the page sends the code, the lambda's models and the test events with their golden replies.
 */
import { bytesToBase64 } from "../../shared/luna/schemas/common.ts";
import { lunaErrorBodySchema } from "../../shared/luna/schemas/error.ts";
import { accountId } from "./lambdaService.ts";
import { lambdaName } from "../state/lambdaName.ts";
import type { ProjectActions, ProjectState } from "../state/projectStore.ts";

export interface SavedRun {
  status: number;
  body: unknown;
}

interface ExportRequest {
  name: string;
  body: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  reply: SavedRun | null;
}

/**
 * The export's requests/: the project's test events with their golden replies (a standalone
 * event whose body is bytes has no place in the layout's <name>.json and stays out, as do events
 * of the other lambda type); without any, the current request as "playground" with the last run's reply.
 */
export function exportRequests(state: ProjectState & ProjectActions, lastRun: SavedRun | null): ExportRequest[] {
  const account = { "luna-account-id": accountId() };
  const events = state.savedRequests.filter(
    (r) => r.lambdaType === state.lambdaType && r.contentType !== "application/octet-stream",
  );
  if (events.length > 0)
    return events.map((r) => ({
      name: r.name,
      body: bytesToBase64(r.body),
      headers: { ...r.headers, ...account },
      query: r.query,
      reply: r.golden,
    }));
  const exportable =
    state.lambdaType === "handlers" ? state.images.length > 0 : state.standaloneContentType === "application/json";
  const current = state.preparedRequest();
  if (!exportable || current.problems.length > 0) return [];
  return [
    {
      name: "playground",
      body: bytesToBase64(current.body),
      headers: { ...current.headers, ...account },
      query: current.query,
      reply: lastRun,
    },
  ];
}

/** The project zip and the file name the server gave it (<lambda name>.zip). */
export async function exportProject(
  state: ProjectState & ProjectActions,
  lastRun: SavedRun | null,
): Promise<{ filename: string; blob: Blob }> {
  const models = Object.entries(state.lambdaFiles()).map(([path, bytes]) => ({ path, base64: bytesToBase64(bytes) }));
  const response = await fetch("/luna-lambda/1/export", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name: lambdaName(state),
      lambda_type: state.lambdaType,
      language: state.language,
      code: state.code,
      modules: state.modules,
      files: models,
      settings: state.settings,
      requests: exportRequests(state, lastRun),
    }),
  });
  if (!response.ok) {
    const error = lunaErrorBodySchema.safeParse(await response.json().catch(() => null));
    throw new Error(error.success ? `${error.data.error_code}: ${error.data.detail}` : `HTTP ${response.status}`);
  }
  const filename = /filename="?([^";]+)"?/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "lambda.zip";
  return { filename, blob: await response.blob() };
}
