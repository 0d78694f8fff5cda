// Seed example 2: estimate emotions on each image and return the results.
import { BinaryImage, HandlersLambdaRequest } from "luna-lambda-tools";

export async function main(request: HandlersLambdaRequest): Promise<Record<string, unknown>> {
  const results = [];
  for (const image of request.data.sources) {
    const mimetype = "image/jpeg"; // the Remote SDK reads the real format from the bytes
    const result = (
      await request.clients.sdk.sdk({
        inputData: new BinaryImage({ filename: image.filename ?? "raw_image", body: image.source.body, mimetype }),
        detectFace: 1,
        estimateEmotions: 1,
      })
    ).json;
    results.push({ image_filename: image.filename, estimations: result });
  }
  return { result: results };
}
