/** Luna Faces client (luna_lambda_tools clients.faces), options mirroring the Python keywords. */
import { lunaRequest, type LunaResponse, type ServiceEndpoint } from "./lunaHttp.ts";

type Descriptor = Uint8Array | string;

export interface CreateFaceOptions {
  descriptors?: Descriptor[];
  basicAttributes?: { age?: number | null; gender?: 0 | 1 | null; ethnicity?: string | null } | null;
  descriptorSamples?: string[];
  basicAttributesSamples?: string[];
  eventId?: string;
  userData?: string;
  externalId?: string;
  avatar?: string;
  listIds?: string[];
  raiseError?: boolean;
}

export interface GetFacesOptions {
  faceIds?: string[];
  externalIds?: string[];
  userData?: string;
  listId?: string;
  eventId?: string;
  createTimeGte?: string;
  createTimeLt?: string;
  page?: number;
  pageSize?: number;
  raiseError?: boolean;
}

export class FacesClient {
  constructor(private readonly endpoint: ServiceEndpoint) {}

  getAddress(): string {
    return this.endpoint.baseUri;
  }

  createFace(options: CreateFaceOptions = {}): Promise<LunaResponse<{ face_id: string; url: string }>> {
    const attribute =
      options.descriptors || options.basicAttributes || options.descriptorSamples || options.basicAttributesSamples
        ? {
            descriptors: options.descriptors ?? [],
            basic_attributes: options.basicAttributes ?? null,
            descriptor_samples: options.descriptorSamples ?? [],
            basic_attributes_samples: options.basicAttributesSamples ?? [],
          }
        : undefined;
    return lunaRequest(this.endpoint, {
      method: "POST",
      path: "/faces",
      json: {
        event_id: options.eventId,
        user_data: options.userData,
        external_id: options.externalId,
        avatar: options.avatar,
        lists: options.listIds,
        attribute,
      },
      raiseError: options.raiseError,
    });
  }

  getFace(options: { faceId: string; raiseError?: boolean }): Promise<LunaResponse> {
    return lunaRequest(this.endpoint, {
      method: "GET",
      path: `/faces/${encodeURIComponent(options.faceId)}`,
      raiseError: options.raiseError,
    });
  }

  getFaces(options: GetFacesOptions = {}): Promise<LunaResponse<{ faces: unknown[]; count: number }>> {
    return lunaRequest(this.endpoint, {
      method: "GET",
      path: "/faces",
      query: {
        face_ids: options.faceIds,
        external_ids: options.externalIds,
        user_data: options.userData,
        list_id: options.listId,
        event_id: options.eventId,
        create_time__gte: options.createTimeGte,
        create_time__lt: options.createTimeLt,
        page: options.page,
        page_size: options.pageSize,
      },
      raiseError: options.raiseError,
    });
  }

  updateFace(options: {
    faceId: string;
    userData?: string;
    externalId?: string;
    eventId?: string;
    avatar?: string;
    raiseError?: boolean;
  }): Promise<LunaResponse> {
    return lunaRequest(this.endpoint, {
      method: "PATCH",
      path: `/faces/${encodeURIComponent(options.faceId)}`,
      json: {
        user_data: options.userData,
        external_id: options.externalId,
        event_id: options.eventId,
        avatar: options.avatar,
      },
      raiseError: options.raiseError,
    });
  }

  deleteFace(options: { faceId: string; raiseError?: boolean }): Promise<LunaResponse> {
    return lunaRequest(this.endpoint, {
      method: "DELETE",
      path: `/faces/${encodeURIComponent(options.faceId)}`,
      raiseError: options.raiseError,
    });
  }

  createList(
    options: { userData?: string; raiseError?: boolean } = {},
  ): Promise<LunaResponse<{ list_id: string; url: string }>> {
    return lunaRequest(this.endpoint, {
      method: "POST",
      path: "/lists",
      json: { user_data: options.userData },
      raiseError: options.raiseError,
    });
  }

  getList(options: { listId: string; raiseError?: boolean }): Promise<LunaResponse> {
    return lunaRequest(this.endpoint, {
      method: "GET",
      path: `/lists/${encodeURIComponent(options.listId)}`,
      raiseError: options.raiseError,
    });
  }

  deleteList(options: { listId: string; raiseError?: boolean }): Promise<LunaResponse> {
    return lunaRequest(this.endpoint, {
      method: "DELETE",
      path: `/lists/${encodeURIComponent(options.listId)}`,
      raiseError: options.raiseError,
    });
  }

  linkFacesToList(options: { listId: string; faceIds: string[]; raiseError?: boolean }): Promise<LunaResponse> {
    return this.listFaces(options, "attach");
  }

  unlinkFacesFromList(options: { listId: string; faceIds: string[]; raiseError?: boolean }): Promise<LunaResponse> {
    return this.listFaces(options, "detach");
  }

  private listFaces(
    options: { listId: string; faceIds: string[]; raiseError?: boolean },
    action: "attach" | "detach",
  ): Promise<LunaResponse> {
    return lunaRequest(this.endpoint, {
      method: "PATCH",
      path: `/lists/${encodeURIComponent(options.listId)}/faces`,
      json: { action, face_ids: options.faceIds },
      raiseError: options.raiseError,
    });
  }
}
