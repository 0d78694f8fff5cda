/**
 * Luna Remote SDK client (clients.lrs): `sdk({inputData, detectFace, estimateEmotions, …})`.
 * Replies are asked for in msgpack, so `json` holds warps and sdk_descriptors as bytes — what
 * seed example 4 passes on to the image store, the faces service and sdkDescriptorDecode.
 */
import { lunaRequest, type LunaResponse, type ServiceEndpoint } from "./lunaHttp.ts";

export interface BinaryImageLike {
  filename: string;
  body: Uint8Array;
  mimetype: string;
  faceDetectionData?: { boundingBox: { x: number; y: number; width: number; height: number } }[];
}

export type SdkFlagOptions = {
  multifacePolicy?: 0 | 1 | 2;
  detectFace?: 0 | 1;
  estimateLandmarks5?: 0 | 1;
  estimateLandmarks68?: 0 | 1;
  estimateFaceWarp?: 0 | 1;
  estimateFaceDescriptor?: 0 | 1;
  estimateBasicAttributes?: 0 | 1;
  estimateEmotions?: 0 | 1;
  estimateLiveness?: 0 | 1;
  estimateHeadPose?: 0 | 1;
  estimateEyesAttributes?: 0 | 1;
  estimateMask?: 0 | 1;
  estimateQuality?: 0 | 1;
  estimateGaze?: 0 | 1;
  estimateGlasses?: 0 | 1;
  estimateMouthAttributes?: 0 | 1;
  detectBody?: 0 | 1;
};

const snake = (name: string) => name.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);

export class SdkClient {
  constructor(private readonly endpoint: ServiceEndpoint) {}

  getAddress(): string {
    return this.endpoint.baseUri;
  }

  sdk(options: { inputData: BinaryImageLike | BinaryImageLike[]; raiseError?: boolean } & SdkFlagOptions): Promise<LunaResponse> {
    const { inputData, raiseError, ...flags } = options;
    const images = (Array.isArray(inputData) ? inputData : [inputData]).map((image) => ({
      filename: image.filename,
      body: image.body,
      mimetype: image.mimetype,
      ...(image.faceDetectionData?.length ? { face_detection_data: image.faceDetectionData.map((d) => ({ bounding_box: d.boundingBox })) } : {}),
    }));
    const query = Object.fromEntries(Object.entries(flags).map(([k, v]) => [snake(k), v as number]));
    return lunaRequest(this.endpoint, { method: "POST", path: "/sdk", query, json: { images }, accept: "msgpack", raiseError });
  }
}
