/**
 * Models API (our own, next to the Remote SDK): list the built-in models, register or remove a
 * user-supplied classifier. `PUT /models/mask` takes multipart: a `manifest` JSON field and a
 * `model` file part (the ONNX bytes). A user model belongs to the account that registered it
 * (Luna-Account-Id): only that account's /sdk calls use it, and only it can replace or remove it.
 */
import { z } from "zod";
import { optionalAccount } from "../http/account.ts";
import { Errors, LunaError } from "../../shared/luna/errors.ts";
import { parseInput } from "../../shared/luna/validate.ts";
import type { ModelRegistry } from "../../shared/inference/modelRegistry.ts";
import { userClassifierManifestSchema } from "../../shared/inference/models.ts";
import { mediaType } from "../http/body.ts";
import { readMultipart } from "../http/multipart.ts";
import { route, type RouteSpec } from "../http/routeTable.ts";
import type { UserModelStore } from "../store/userModelStore.ts";

export interface ModelsApiOptions {
  models: ModelRegistry;
  store: UserModelStore;
  maxModelBytes: number;
}

const kindSchema = z.enum(["mask"]);

/** Our models API, next to /sdk: list models, register or remove a user classifier. */
export function modelsRoutes(options: ModelsApiOptions): RouteSpec[] {
  return [
    route({
      method: "get",
      path: "/models",
      summary:
        "Built-in models (file, size, sha256, load time) and the calling account's user classifiers (with Luna-Account-Id)",
      public: true,
      responses: { 200: "models" },
      handle: async ({ req }) => ({
        status: 200,
        body: {
          backend: options.models.backend.name,
          builtin: options.models.status(),
          user: options.models.userModelManifests(optionalAccount(req)),
        },
      }),
    }),
    route({
      method: "put",
      path: "/models/:kind",
      summary:
        "Register the account's user classifier: multipart with a `manifest` JSON field and a `model` ONNX file part",
      rawBody: ["multipart/form-data"],
      responses: {
        201: "registered (manifest with the verified sha256)",
        400: "bad manifest or not a loadable ONNX model",
      },
      handle: async ({ req, params, account }) => {
        const kind = parseInput(kindSchema, params.kind, "query");
        if (mediaType(req) !== "multipart/form-data")
          throw new LunaError(Errors.UnacceptableContentType, "multipart/form-data");
        const body = await readMultipart(req, { maxBytes: options.maxModelBytes, maxFiles: 1, maxFields: 1 });
        const model = body.files.find((f) => f.name === "model");
        if (!model || model.body.length === 0)
          throw new LunaError(Errors.BadInputData, "multipart part 'model' (the ONNX file) is missing or empty");
        let manifestJson: unknown;
        try {
          manifestJson = JSON.parse(body.fields.manifest ?? "");
        } catch {
          throw new LunaError(Errors.BadInputData, "multipart field 'manifest' must be JSON");
        }
        const manifest = parseInput(
          userClassifierManifestSchema,
          { file: model.filename, ...(manifestJson as object) },
          "json",
        );
        if (manifest.kind !== kind)
          throw new LunaError(Errors.BadInputData, `manifest kind '${manifest.kind}' does not match the URL '${kind}'`);
        const registered = await options.models.registerUserModel(manifest, model.body, account);
        await options.store.save(account, registered, model.body);
        return { status: 201, body: registered };
      },
    }),
    route({
      method: "delete",
      path: "/models/:kind",
      summary: "Remove the account's user classifier",
      responses: { 204: "removed", 501: "this account has none registered" },
      handle: async ({ params, account }) => {
        const kind = parseInput(kindSchema, params.kind, "query");
        if (!(await options.models.removeUserModel(kind, account)))
          throw new LunaError(
            Errors.ModelNotAvailable,
            `no user model of kind '${kind}' is registered for this account`,
          );
        await options.store.remove(account, kind);
        return { status: 204 };
      },
    }),
  ];
}
