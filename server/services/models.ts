/**
 * Models API (our own, next to the Remote SDK): list the built-in models, register or remove a
 * user-supplied classifier. `PUT /models/mask` takes multipart: a `manifest` JSON field and a
 * `model` file part (the ONNX bytes).
 */
import { z } from "zod";
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
      summary: "Built-in models (file, size, sha256, load time) and registered user classifiers",
      public: true,
      responses: { 200: "models" },
      handle: async () => ({
        status: 200,
        body: { backend: options.models.backend.name, builtin: options.models.status(), user: options.models.userModelManifests() },
      }),
    }),
    route({
      method: "put",
      path: "/models/:kind",
      summary: "Register a user classifier: multipart with a `manifest` JSON field and a `model` ONNX file part",
      public: true,
      rawBody: ["multipart/form-data"],
      responses: { 201: "registered (manifest with the verified sha256)", 400: "bad manifest or not a loadable ONNX model" },
      handle: async ({ req, params }) => {
        const kind = parseInput(kindSchema, params.kind, "query");
        if (mediaType(req) !== "multipart/form-data") throw new LunaError(Errors.UnacceptableContentType, "multipart/form-data");
        const body = await readMultipart(req, { maxBytes: options.maxModelBytes, maxFiles: 1, maxFields: 1 });
        const model = body.files.find((f) => f.name === "model");
        if (!model || model.body.length === 0) throw new LunaError(Errors.BadInputData, "multipart part 'model' (the ONNX file) is missing or empty");
        let manifestJson: unknown;
        try {
          manifestJson = JSON.parse(body.fields.manifest ?? "");
        } catch {
          throw new LunaError(Errors.BadInputData, "multipart field 'manifest' must be JSON");
        }
        const manifest = parseInput(userClassifierManifestSchema, { file: model.filename, ...(manifestJson as object) }, "json");
        if (manifest.kind !== kind) throw new LunaError(Errors.BadInputData, `manifest kind '${manifest.kind}' does not match the URL '${kind}'`);
        const registered = await options.models.registerUserModel(manifest, model.body);
        await options.store.save(registered, model.body);
        return { status: 201, body: registered };
      },
    }),
    route({
      method: "delete",
      path: "/models/:kind",
      summary: "Remove a user classifier",
      public: true,
      responses: { 204: "removed", 501: "none registered" },
      handle: async ({ params }) => {
        const kind = parseInput(kindSchema, params.kind, "query");
        if (!(await options.models.removeUserModel(kind))) throw new LunaError(Errors.ModelNotAvailable, `no user model of kind '${kind}' is registered`);
        await options.store.remove(kind);
        return { status: 204 };
      },
    }),
  ];
}
