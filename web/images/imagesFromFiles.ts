/** Files the user opened, dropped or pasted, turned into request images: JPEG, PNG and WebP; the rest named as refused. */
/** The image types a request may carry (what the Remote SDK decodes). */
export const ACCEPTED_IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp"];

export interface NewImage {
  filename: string;
  mimetype: string;
  bytes: Uint8Array;
}

export async function imagesFromFiles(files: Iterable<File>): Promise<{ images: NewImage[]; rejected: string[] }> {
  const images: NewImage[] = [];
  const rejected: string[] = [];
  for (const file of files) {
    if (!ACCEPTED_IMAGE_TYPES.includes(file.type))
      rejected.push(`${file.name || "pasted data"} (${file.type || "unknown type"})`);
    else
      images.push({
        filename: file.name || `pasted.${file.type.split("/")[1]}`,
        mimetype: file.type,
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
  }
  return { images, rejected };
}
