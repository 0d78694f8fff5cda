/** Luna Image Store client bound to one bucket (clients.lis: faceSamplesStore, …). */
import { lunaRequest, type LunaResponse, type ServiceEndpoint } from "./lunaHttp.ts";

export class ImageStoreClient {
  constructor(
    private readonly endpoint: ServiceEndpoint,
    readonly bucket: string,
  ) {}

  /** `${baseUri}/buckets/${bucket}`, as the Python client answers. */
  getAddress(): string {
    return `${this.endpoint.baseUri}/buckets/${this.bucket}`;
  }

  /** Stores image bytes; a base64 string (e.g. a warp from a JSON /sdk reply) is sent as image/x-base64. */
  postImage(options: {
    imageInBytes: Uint8Array | string;
    contentType?: string;
    raiseError?: boolean;
  }): Promise<LunaResponse<{ image_id: string; url: string }>> {
    const isText = typeof options.imageInBytes === "string";
    return lunaRequest(this.endpoint, {
      method: "POST",
      path: `/buckets/${this.bucket}/images`,
      bytes: isText ? new TextEncoder().encode(options.imageInBytes as string) : (options.imageInBytes as Uint8Array),
      contentType: isText ? "image/x-base64" : (options.contentType ?? "image/jpeg"),
      raiseError: options.raiseError,
    });
  }

  getImage(options: { imageId: string; raiseError?: boolean }): Promise<LunaResponse> {
    return lunaRequest(this.endpoint, {
      method: "GET",
      path: `/buckets/${this.bucket}/images/${encodeURIComponent(options.imageId)}`,
      raiseError: options.raiseError,
    });
  }

  headImage(options: { imageId: string; raiseError?: boolean }): Promise<LunaResponse> {
    return lunaRequest(this.endpoint, {
      method: "HEAD",
      path: `/buckets/${this.bucket}/images/${encodeURIComponent(options.imageId)}`,
      raiseError: options.raiseError,
    });
  }

  deleteImage(options: { imageId: string; raiseError?: boolean }): Promise<LunaResponse> {
    return lunaRequest(this.endpoint, {
      method: "DELETE",
      path: `/buckets/${this.bucket}/images/${encodeURIComponent(options.imageId)}`,
      raiseError: options.raiseError,
    });
  }
}
