/** The server's models API: what the server runs, and the user's mask classifier registered there. */
import { z } from "zod";
import { lunaErrorBodySchema } from "../../shared/luna/schemas/error.ts";
import type { ModelsView } from "../models/ModelsPanel.tsx";
import type { UserModelFile } from "../state/projectStore.ts";
import { accountId } from "./lambdaService.ts";

/** The server keeps a user model per account: this page's account, as its lambdas use. */
const accountHeaders = () => ({ "Luna-Account-Id": accountId() });

const modelsSchema = z.object({
  backend: z.string(),
  builtin: z.array(
    z.object({
      id: z.string(),
      file: z.string(),
      bytes: z.number(),
      sha256: z.string(),
      loaded: z.boolean(),
      loadMs: z.number().nullable(),
    }),
  ),
  user: z.array(z.any()),
});

async function failure(response: Response): Promise<Error> {
  const error = lunaErrorBodySchema.safeParse(await response.json().catch(() => null));
  return new Error(error.success ? `${error.data.error_code}: ${error.data.detail}` : `HTTP ${response.status}`);
}

export async function fetchServerModels(): Promise<ModelsView> {
  const response = await fetch("/luna-remote-sdk/1/models", { headers: accountHeaders() });
  if (!response.ok) throw await failure(response);
  const body = modelsSchema.parse(await response.json());
  return {
    where: "server",
    backend: body.backend,
    fallbackReason: null,
    models: body.builtin.map((m) => ({ ...m, cached: null })),
    userModels: body.user,
  };
}

export async function registerServerMaskModel(model: UserModelFile | null): Promise<void> {
  if (!model) {
    const response = await fetch("/luna-remote-sdk/1/models/mask", { method: "DELETE", headers: accountHeaders() });
    if (!response.ok && response.status !== 501) throw await failure(response);
    return;
  }
  const form = new FormData();
  form.append("manifest", model.manifest);
  form.append("model", new Blob([model.bytes as Uint8Array<ArrayBuffer>]), model.filename);
  const response = await fetch("/luna-remote-sdk/1/models/mask", {
    method: "PUT",
    body: form,
    headers: accountHeaders(),
  });
  if (!response.ok) throw await failure(response);
}
