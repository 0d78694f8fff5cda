/** ImageCodec on sharp (libvips): EXIF orientation applied, pixel limit enforced by libvips. */
import sharp from "sharp";
import { Errors, LunaError } from "../../shared/luna/errors.ts";
import { createRgbImage, type RgbImage } from "../../shared/inference/image.ts";
import type { DecodeLimits, ImageCodec, ImageSize } from "../../shared/inference/imageCodec.ts";
import { sniffImageFormat } from "../../shared/inference/imageFormat.ts";

export function createSharpCodec(): ImageCodec {
  return {
    async decode(bytes: Uint8Array, filename: string, limits: DecodeLimits): Promise<RgbImage> {
      if (bytes.length === 0) throw new LunaError(Errors.ImageDecodeFailed, filename, "the image is empty");
      // Sniff first: libvips would also open SVG, TIFF, GIF… which the Luna contract does not accept.
      if (!sniffImageFormat(bytes))
        throw new LunaError(Errors.ImageDecodeFailed, filename, "not a JPEG, PNG or WebP image");
      try {
        const { data, info } = await sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: "error" })
          .rotate() // applies the EXIF orientation
          .flatten({ background: "#ffffff" }) // transparency over white, as a page shows it
          .toColourspace("srgb")
          .raw({ depth: "uchar" }) // 16-bit PNGs too
          .toBuffer({ resolveWithObject: true });
        if (info.channels !== 3) throw new Error(`decoded ${info.channels} channels`);
        return createRgbImage(info.width, info.height, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } catch (error) {
        const message = (error as Error).message;
        if (/pixel limit/i.test(message)) {
          // Only now read the header, to say how large the image is.
          const meta = await sharp(bytes, { limitInputPixels: false })
            .metadata()
            .catch(() => null);
          const size = meta?.width && meta.height ? `${meta.width}×${meta.height} pixels` : "over the pixel limit";
          throw new LunaError(Errors.ImageTooLarge, filename, size, `${limits.maxPixels} pixels`);
        }
        throw new LunaError(Errors.ImageDecodeFailed, filename, message.split("\n")[0]);
      }
    },

    async readSize(bytes: Uint8Array): Promise<ImageSize | null> {
      if (!sniffImageFormat(bytes)) return null;
      // metadata() reads the header only: cheap even for a 40-megapixel PNG.
      const meta = await sharp(bytes, { limitInputPixels: false })
        .metadata()
        .catch(() => null);
      return meta?.width && meta.height ? { width: meta.width, height: meta.height } : null;
    },

    async encodeJpeg(image: RgbImage, quality = 90): Promise<Uint8Array> {
      const out = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
        .jpeg({ quality })
        .toBuffer();
      return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
    },
  };
}
