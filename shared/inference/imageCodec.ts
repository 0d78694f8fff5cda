/** The platform seam for image bytes: sharp on the server, canvas/createImageBitmap in the browser. */
import type { RgbImage } from "./image.ts";

export interface DecodeLimits {
  /** Images with more pixels than this are refused before they are fully decoded. */
  maxPixels: number;
}

export interface ImageSize {
  width: number;
  height: number;
}

export interface ImageCodec {
  /**
   * Decodes JPEG/PNG/WebP bytes to RGB with the EXIF orientation applied. Throws LunaError
   * ImageDecodeFailed for unreadable bytes and ImageTooLarge past `limits.maxPixels`.
   */
  decode(bytes: Uint8Array, filename: string, limits: DecodeLimits): Promise<RgbImage>;
  encodeJpeg(image: RgbImage, quality?: number): Promise<Uint8Array>;
  /**
   * Width and height from the image's header alone (nothing decoded), or null when unreadable, so a
   * request's cost is known before any work. Optional: without it only the per-image limit applies.
   */
  readSize?(bytes: Uint8Array): Promise<ImageSize | null>;
}
