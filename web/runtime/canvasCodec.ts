/**
 * ImageCodec in the browser (also inside a worker): createImageBitmap applies the EXIF orientation
 * (`imageOrientation: "from-image"`), an OffscreenCanvas gives the pixels and encodes JPEG warps.
 */
import { rgbaToRgb, type RgbImage } from "../../shared/inference/image.ts";
import type { DecodeLimits, ImageCodec } from "../../shared/inference/imageCodec.ts";
import { IMAGE_MIME_TYPES, sniffImageFormat } from "../../shared/inference/imageFormat.ts";
import { Errors, LunaError } from "../../shared/luna/errors.ts";

export function createCanvasCodec(): ImageCodec {
  return {
    async decode(bytes: Uint8Array, filename: string, limits: DecodeLimits): Promise<RgbImage> {
      if (bytes.length === 0) throw new LunaError(Errors.ImageDecodeFailed, filename, "the image is empty");
      const format = sniffImageFormat(bytes);
      if (!format) throw new LunaError(Errors.ImageDecodeFailed, filename, "not a JPEG, PNG or WebP image");
      let bitmap: ImageBitmap;
      try {
        bitmap = await createImageBitmap(
          new Blob([bytes as Uint8Array<ArrayBuffer>], { type: IMAGE_MIME_TYPES[format] }),
          {
            imageOrientation: "from-image",
            premultiplyAlpha: "none",
            colorSpaceConversion: "default",
          },
        );
      } catch (error) {
        throw new LunaError(Errors.ImageDecodeFailed, filename, (error as Error).message);
      }
      try {
        if (bitmap.width * bitmap.height > limits.maxPixels) {
          throw new LunaError(
            Errors.ImageTooLarge,
            filename,
            `${bitmap.width}×${bitmap.height} pixels`,
            `${limits.maxPixels} pixels`,
          );
        }
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext("2d", { willReadFrequently: true })!;
        // Transparency over white, as the server's decoder does.
        context.fillStyle = "#ffffff";
        context.fillRect(0, 0, bitmap.width, bitmap.height);
        context.drawImage(bitmap, 0, 0);
        const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
        return rgbaToRgb(bitmap.width, bitmap.height, data);
      } finally {
        bitmap.close();
      }
    },

    async encodeJpeg(image: RgbImage, quality = 90): Promise<Uint8Array> {
      const canvas = new OffscreenCanvas(image.width, image.height);
      const context = canvas.getContext("2d")!;
      const rgba = new ImageData(image.width, image.height);
      for (let i = 0, j = 0; i < image.data.length; i += 3, j += 4) {
        rgba.data[j] = image.data[i]!;
        rgba.data[j + 1] = image.data[i + 1]!;
        rgba.data[j + 2] = image.data[i + 2]!;
        rgba.data[j + 3] = 255;
      }
      context.putImageData(rgba, 0, 0);
      const blob = await canvas.convertToBlob({ type: "image/jpeg", quality: quality / 100 });
      return new Uint8Array(await blob.arrayBuffer());
    },
  };
}
