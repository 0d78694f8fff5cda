/**
 * `export <project.json|dir|zip> [-o out.zip]`: the same project zip as the playground's Export
 * button. A playground project file becomes a lambda with one request (its images and boxes); a
 * lambda folder or zip keeps its saved requests. Requests without a saved reply are run once
 * (sandboxed, against the given or embedded services) so the exported `npm test` has replies.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { basename, extname } from "node:path";
import type { LambdaArchive } from "../../shared/lambda/archive.ts";
import type { ExportedRequest } from "../../shared/lambda/savedRequests.ts";
import { encodeHandlersRequest } from "../../shared/lambda/requestBuilder.ts";
import { resolveSettings, settingsAtOrigin } from "../../shared/lambda/settings.ts";
import { base64ToBytes } from "../../shared/luna/schemas/common.ts";
import { formatIssuePath } from "../../shared/luna/validate.ts";
import { projectFileSchema } from "../../shared/playground/projectFile.ts";
import type { ServerConfig } from "../config.ts";
import { exportLambdaProject } from "../export/lambdaProject.ts";
import { readLambdaSource } from "../standaloneLambda.ts";
import { createProgressBar } from "./progressBar.ts";
import { runLambdaCalls } from "./runCommand.ts";

/** A playground project file as a lambda archive with one saved request (no reply yet). */
export function archiveFromProjectFile(path: string, accountId: string): LambdaArchive {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path} is not a JSON file (${(error as Error).message})`);
  }
  const parsed = projectFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(
      `${path} is not a playground project file: ${formatIssuePath(issue.path) || "(root)"}: ${issue.message}`,
    );
  }
  const project = parsed.data;
  const files: Record<string, Uint8Array> = project.maskModel
    ? {
        "models/mask.onnx": base64ToBytes(project.maskModel.base64),
        "models/mask.json": new TextEncoder().encode(project.maskModel.manifest),
      }
    : {};
  const body = encodeHandlersRequest(
    project.images.map((image) => ({
      filename: image.filename,
      body: base64ToBytes(image.base64),
      boxes: image.boxes,
    })),
    { sendFaceBoundingBoxes: project.sendFaceBoundingBoxes },
  );
  const requests: ExportedRequest[] = project.images.length
    ? [{ name: "playground", body, headers: { "luna-account-id": accountId }, reply: null }]
    : [];
  return {
    language: project.language,
    code: project.code,
    modules: {},
    files,
    name: basename(path, extname(path)),
    lambdaType: "handlers",
    settings: {},
    requests,
  };
}

export interface ExportCommandOptions {
  input: string;
  output: string | null;
  name: string | null;
  /** Where the exported lambda's services are (and where requests run); null: lambda.json or the playground default, requests on embedded services. */
  servicesOrigin: string | null;
  accountId: string;
  config: ServerConfig;
}

export async function exportCommand(
  options: ExportCommandOptions,
): Promise<{ file: string; requests: number; ran: number; language: "typescript" | "python" }> {
  const archive = options.input.endsWith(".json")
    ? archiveFromProjectFile(options.input, options.accountId)
    : await readLambdaSource(options.input);
  const toRun = archive.requests.filter((r) => r.reply === null);
  if (toRun.length > 0) {
    const bar = createProgressBar("running saved requests", toRun.length);
    const replies = await runLambdaCalls(
      archive,
      toRun.map((r) => ({
        body: r.body,
        contentType: archive.lambdaType === "standalone" ? "application/json" : "application/msgpack",
        headers: { "luna-account-id": options.accountId, ...r.headers },
      })),
      options.servicesOrigin,
      options.config,
      { onReply: (done) => bar.update(done) },
    );
    toRun.forEach((request, i) => (request.reply = { status: replies[i]!.status, body: replies[i]!.body ?? null }));
    bar.finish(`${toRun.length} run, statuses ${replies.map((r) => r.status).join(", ")}`);
  }
  const settings = resolveSettings(
    settingsAtOrigin(archive.settings, options.servicesOrigin),
    options.servicesOrigin ?? undefined,
  );
  const exported = await exportLambdaProject({
    name: options.name ?? archive.name ?? basename(options.input, extname(options.input)),
    language: archive.language,
    lambdaType: archive.lambdaType ?? "handlers",
    code: archive.code,
    modules: archive.modules,
    files: archive.files,
    settings,
    requests: archive.requests,
  });
  const file = options.output ?? exported.filename;
  writeFileSync(file, exported.zip);
  return { file, requests: archive.requests.length, ran: toRun.length, language: archive.language };
}
