/** multipart/form-data bodies via busboy, with size and count limits. */
import Busboy from "busboy";
import type { Request } from "express";
import { Errors, LunaError } from "../../shared/luna/errors.ts";

export interface FilePart {
  name: string;
  filename: string;
  contentType: string;
  body: Uint8Array;
}

export interface MultipartBody {
  files: FilePart[];
  fields: Record<string, string>;
}

export interface MultipartLimits {
  maxBytes: number;
  maxFiles: number;
  maxFields: number;
  /** When set, a file part of any other content type fails the request with 11029. */
  fileTypes?: readonly string[];
}

export const IMAGE_CONTENT_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;

export function readMultipart(req: Request, limits: MultipartLimits): Promise<MultipartBody> {
  return new Promise((resolve, reject) => {
    let bb: Busboy.Busboy;
    try {
      bb = Busboy({
        headers: req.headers,
        limits: { fileSize: limits.maxBytes, files: limits.maxFiles, fields: limits.maxFields, fieldSize: 1024 * 1024 },
      });
    } catch (error) {
      reject(new LunaError(Errors.BadInputData, `bad multipart body: ${(error as Error).message}`));
      return;
    }
    const body: MultipartBody = { files: [], fields: {} };
    let failure: LunaError | null = null;
    const fail = (error: LunaError) => {
      failure ??= error;
    };
    bb.on("file", (name, stream, info) => {
      // busboy fails the open part's stream on a truncated body: without a listener that kills the process.
      stream.on("error", (error: Error) =>
        fail(new LunaError(Errors.BadInputData, `bad multipart body: ${error.message}`)),
      );
      const type = info.mimeType.toLowerCase();
      if (limits.fileTypes && !limits.fileTypes.includes(type)) {
        fail(new LunaError(Errors.BadMultipartContentType, `${name}: ${type}`));
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("limit", () => fail(new LunaError(Errors.PayloadTooLarge, limits.maxBytes)));
      stream.on("end", () => {
        const all = Buffer.concat(chunks);
        body.files.push({
          name,
          filename: info.filename || name || `part_${body.files.length}`,
          contentType: type,
          body: new Uint8Array(all.buffer, all.byteOffset, all.byteLength),
        });
      });
    });
    bb.on("field", (name, value) => {
      body.fields[name] = value;
    });
    bb.on("filesLimit", () =>
      fail(new LunaError(Errors.TooManyImages, `more than ${limits.maxFiles}`, limits.maxFiles)),
    );
    bb.on("fieldsLimit", () =>
      fail(new LunaError(Errors.BadInputData, `multipart body has more than ${limits.maxFields} text fields`)),
    );
    bb.on("error", (error: Error) => {
      req.unpipe(bb);
      req.resume();
      reject(failure ?? new LunaError(Errors.BadInputData, `bad multipart body: ${error.message}`));
    });
    bb.on("close", () => (failure ? reject(failure) : resolve(body)));
    req.pipe(bb);
  });
}
