/** ImageCodec on sharp (libvips): EXIF orientation applied, pixel limit checked from the header. */
import sharp, { type Metadata } from "sharp";
import { Errors, LunaError } from "../../shared/luna/errors.ts";
import { createRgbImage, type RgbImage } from "../../shared/inference/image.ts";
import type { DecodeLimits, ImageCodec } from "../../shared/inference/imageCodec.ts";

const SUPPORTED_FORMATS = new Set(["jpeg", "png", "webp"]);

export function createSharpCodec(): ImageCodec {
  return {
    async decode(bytes: Uint8Array, filename: string, limits: DecodeLimits): Promise<RgbImage> {
      if (bytes.length === 0) throw new LunaError(Errors.ImageDecodeFailed, filename, "the image is empty");
      let meta: Metadata;
      try {
        meta = await sharp(bytes).metadata();
      } catch (error) {
        throw new LunaError(Errors.ImageDecodeFailed, filename, "not a JPEG, PNG or WebP image");
      }
      if (!meta.format || !SUPPORTED_FORMATS.has(meta.format)) {
        throw new LunaError(Errors.ImageDecodeFailed, filename, `format '${meta.format ?? "unknown"}' is not supported (JPEG, PNG, WebP)`);
      }
      const pixels = (meta.width ?? 0) * (meta.height ?? 0);
      if (pixels > limits.maxPixels) {
        throw new LunaError(Errors.ImageTooLarge, filename, `${meta.width}×${meta.height} pixels`, `${limits.maxPixels} pixels`);
      }
      try {
        const { data, info } = await sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: "error" })
          .rotate() // applies and strips the EXIF orientation
          .removeAlpha()
          .toColourspace("srgb")
          .raw()
          .toBuffer({ resolveWithObject: true });
        if (info.channels !== 3) throw new Error(`decoded ${info.channels} channels`);
        return createRgbImage(info.width, info.height, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } catch (error) {
        throw new LunaError(Errors.ImageDecodeFailed, filename, (error as Error).message.split("\n")[0]);
      }
    },

    async encodeJpeg(image: RgbImage, quality = 90): Promise<Uint8Array> {
      const out = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
        .jpeg({ quality })
        .toBuffer();
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    },
  };
}
