/** multipart/form-data image parts via busboy, with size and count limits. */
import Busboy from "busboy";
import type { Request } from "express";
import { Errors, LunaError } from "../../shared/luna/errors.ts";

export interface ImagePart {
  filename: string;
  contentType: string;
  body: Uint8Array;
}

export const IMAGE_CONTENT_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;

export function readImageParts(req: Request, limits: { maxBytes: number; maxParts: number }): Promise<ImagePart[]> {
  return new Promise((resolve, reject) => {
    let bb: Busboy.Busboy;
    try {
      bb = Busboy({ headers: req.headers, limits: { fileSize: limits.maxBytes, files: limits.maxParts, fields: 0 } });
    } catch (error) {
      reject(new LunaError(Errors.BadInputData, `bad multipart body: ${(error as Error).message}`));
      return;
    }
    const parts: ImagePart[] = [];
    let failure: LunaError | null = null;
    const fail = (error: LunaError) => {
      failure ??= error;
    };
    bb.on("file", (name, stream, info) => {
      const type = info.mimeType.toLowerCase();
      if (!(IMAGE_CONTENT_TYPES as readonly string[]).includes(type)) {
        fail(new LunaError(Errors.BadMultipartContentType, `${name}: ${type}`));
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("limit", () => fail(new LunaError(Errors.PayloadTooLarge, limits.maxBytes)));
      stream.on("end", () => {
        const all = Buffer.concat(chunks);
        parts.push({
          filename: info.filename || name || `image_${parts.length}`,
          contentType: type,
          body: new Uint8Array(all.buffer, all.byteOffset, all.byteLength),
        });
      });
    });
    bb.on("filesLimit", () => fail(new LunaError(Errors.TooManyImages, `more than ${limits.maxParts}`, limits.maxParts)));
    bb.on("fieldsLimit", () => fail(new LunaError(Errors.BadInputData, "multipart body must contain image parts only")));
    bb.on("error", (error: Error) => reject(new LunaError(Errors.BadInputData, `bad multipart body: ${error.message}`)));
    bb.on("close", () => (failure ? reject(failure) : resolve(parts)));
    req.pipe(bb);
  });
}
