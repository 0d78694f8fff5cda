/**
 * Luna Remote SDK client (clients.lrs): `sdk({inputData, detectFace, estimateEmotions, …})`.
 * Replies are asked for in msgpack, so `json` holds warps and sdk_descriptors as bytes — what
 * seed example 4 passes on to the image store, the faces service and sdkDescriptorDecode.
 */
import type { SdkFlagName, UnavailableSdkFlagName } from "../../luna/schemas/sdk.ts";
import { camelToSnake, type SnakeToCamel } from "../../luna/wireNames.ts";
import { lunaRequest, type LunaResponse, type ServiceEndpoint } from "./lunaHttp.ts";

export interface BinaryImageLike {
  filename: string;
  body: Uint8Array;
  mimetype: string;
  faceDetectionData?: { boundingBox: { x: number; y: number; width: number; height: number } }[];
}

/**
 * Luna's /sdk flags as luna3's keyword names: every flag the playground estimates (one per
 * estimator in shared/inference/estimators.ts, plus detection, landmarks and the warp) and those it
 * answers with 501 when set to 1 (no model).
 */
export type SdkFlagOptions = { multifacePolicy?: 0 | 1 | 2 } & {
  [F in SdkFlagName | UnavailableSdkFlagName as SnakeToCamel<F>]?: 0 | 1;
};

export class SdkClient {
  constructor(private readonly endpoint: ServiceEndpoint) {}

  getAddress(): string {
    return this.endpoint.baseUri;
  }

  sdk(
    options: { inputData: BinaryImageLike | BinaryImageLike[]; raiseError?: boolean } & SdkFlagOptions,
  ): Promise<LunaResponse> {
    const { inputData, raiseError, ...flags } = options;
    const images = (Array.isArray(inputData) ? inputData : [inputData]).map((image) => ({
      filename: image.filename,
      body: image.body,
      mimetype: image.mimetype,
      ...(image.faceDetectionData?.length
        ? { face_detection_data: image.faceDetectionData.map((d) => ({ bounding_box: d.boundingBox })) }
        : {}),
    }));
    const query = Object.fromEntries(Object.entries(flags).map(([k, v]) => [camelToSnake(k), v as number]));
    return lunaRequest(this.endpoint, {
      method: "POST",
      path: "/sdk",
      query,
      json: { images },
      accept: "msgpack",
      raiseError,
    });
  }
}
