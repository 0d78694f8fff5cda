/** Luna Faces stand-in, api 3: faces with descriptors and basic attributes, and lists. */
import { Errors, LunaError } from "../../shared/luna/errors.ts";
import {
  createdFaceSchema,
  createFaceSchema,
  createListSchema,
  faceSchema,
  facesPageSchema,
  facesQuerySchema,
  linkFacesSchema,
  listSchema,
  listsQuerySchema,
  patchFaceSchema,
} from "../../shared/luna/schemas/faces.ts";
import { route, type ServiceTable } from "../http/routeTable.ts";
import type { FacesRepository } from "../store/facesRepository.ts";
import { storedDescriptor } from "./descriptors.ts";
import { pathUuid } from "./pathParams.ts";

export const FACES_PREFIX = "/luna-faces/3";

export function facesService(repo: FacesRepository, maxBodyBytes: number): ServiceTable {
  return {
    name: "Luna Faces (embedded)",
    prefix: FACES_PREFIX,
    version: "3",
    maxBodyBytes,
    routes: [
      route({
        method: "post",
        path: "/faces",
        summary: "Create a face (descriptors as sdk_descriptor bytes/base64, basic attributes, samples, lists)",
        body: createFaceSchema,
        reply: createdFaceSchema,
        responses: { 201: "created", 400: "bad body or descriptor", 404: "a list does not exist" },
        handle: async ({ body, account, baseUrl }) => {
          const descriptors = (body.attribute?.descriptors ?? []).map((d) =>
            storedDescriptor(d instanceof Uint8Array ? d : d.sdk_descriptor),
          );
          const versions = descriptors.map((d) => d.version);
          if (new Set(versions).size !== versions.length)
            throw new LunaError(Errors.BadInputData, "a face holds one descriptor per version");
          const faceId = await repo.create(account, body, descriptors);
          return { status: 201, body: { face_id: faceId, url: `${baseUrl}/faces/${faceId}` } };
        },
      }),
      route({
        method: "get",
        path: "/faces",
        summary: "List faces (filters: face_ids, external_ids, user_data, list_id, event_id, create_time range)",
        query: facesQuerySchema,
        reply: facesPageSchema,
        responses: { 200: "a page of faces" },
        handle: async ({ query, account }) => ({ status: 200, body: await repo.list(account, query) }),
      }),
      route({
        method: "get",
        path: "/faces/:faceId",
        summary: "Get a face",
        reply: faceSchema,
        responses: { 200: "the face", 404: "no such face (22002)" },
        handle: async ({ params, account }) => {
          const faceId = pathUuid("face_id", params.faceId);
          const face = await repo.get(account, faceId);
          if (!face) throw new LunaError(Errors.FaceNotFound, faceId);
          return { status: 200, body: face };
        },
      }),
      route({
        method: "patch",
        path: "/faces/:faceId",
        summary: "Change user_data, external_id, event_id or avatar",
        body: patchFaceSchema,
        responses: { 204: "changed", 404: "no such face (22002)" },
        handle: async ({ params, body, account }) => {
          const faceId = pathUuid("face_id", params.faceId);
          if (!(await repo.patch(account, faceId, body))) throw new LunaError(Errors.FaceNotFound, faceId);
          return { status: 204 };
        },
      }),
      route({
        method: "delete",
        path: "/faces/:faceId",
        summary: "Delete a face (and its descriptors and list links)",
        responses: { 204: "deleted", 404: "no such face (22002)" },
        handle: async ({ params, account }) => {
          const faceId = pathUuid("face_id", params.faceId);
          if (!(await repo.delete(account, faceId))) throw new LunaError(Errors.FaceNotFound, faceId);
          return { status: 204 };
        },
      }),
      route({
        method: "post",
        path: "/lists",
        summary: "Create a list",
        body: createListSchema,
        responses: { 201: "created" },
        handle: async ({ body, account, baseUrl }) => {
          const listId = await repo.createList(account, body.user_data);
          return { status: 201, body: { list_id: listId, url: `${baseUrl}/lists/${listId}` } };
        },
      }),
      route({
        method: "get",
        path: "/lists",
        summary: "List lists",
        query: listsQuerySchema,
        responses: { 200: "a page of lists" },
        handle: async ({ query, account }) => ({
          status: 200,
          body: await repo.lists(account, query.page, query.page_size),
        }),
      }),
      route({
        method: "get",
        path: "/lists/:listId",
        summary: "Get a list with its face count",
        reply: listSchema,
        responses: { 200: "the list", 404: "no such list" },
        handle: async ({ params, account }) => {
          const listId = pathUuid("list_id", params.listId);
          const list = await repo.getList(account, listId);
          if (!list) throw new LunaError(Errors.ListNotFound, listId);
          return { status: 200, body: list };
        },
      }),
      route({
        method: "delete",
        path: "/lists/:listId",
        summary: "Delete a list (its faces stay)",
        responses: { 204: "deleted", 404: "no such list" },
        handle: async ({ params, account }) => {
          const listId = pathUuid("list_id", params.listId);
          if (!(await repo.deleteList(account, listId))) throw new LunaError(Errors.ListNotFound, listId);
          return { status: 204 };
        },
      }),
      route({
        method: "patch",
        path: "/lists/:listId/faces",
        summary: "Attach faces to or detach them from a list",
        body: linkFacesSchema,
        responses: { 204: "done", 404: "no such list, or one of the faces does not exist (22004)" },
        handle: async ({ params, body, account }) => {
          await repo.linkFaces(account, pathUuid("list_id", params.listId), body.action, body.face_ids);
          return { status: 204 };
        },
      }),
    ],
  };
}
