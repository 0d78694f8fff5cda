/**
 * "Export lambda": the server builds the runnable project zip (it has the bundler and the runtime
 * sources); the page sends the code, the lambda's models and the test requests with their replies.
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

/** The project zip and the file name the server gave it (<lambda name>.zip). */
export async function exportProject(
  state: ProjectState & ProjectActions,
  lastRun: SavedRun | null,
): Promise<{ filename: string; blob: Blob }> {
  const { body: request } = state.requestBody();
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
      requests: (
        state.lambdaType === "handlers"
          ? state.images.length > 0
          : state.standaloneContentType === "application/json"
      )
        ? [
            {
              name: "playground",
              body: bytesToBase64(request),
              headers: { "luna-account-id": accountId() },
              reply: lastRun,
            },
          ]
        : [],
    }),
  });
  if (!response.ok) {
    const error = lunaErrorBodySchema.safeParse(await response.json().catch(() => null));
    throw new Error(error.success ? `${error.data.error_code}: ${error.data.detail}` : `HTTP ${response.status}`);
  }
  const filename = /filename="?([^";]+)"?/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "lambda.zip";
  return { filename, blob: await response.blob() };
}
