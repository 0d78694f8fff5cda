// Seed example 3: descriptors of two images, matched with the Python Matcher.
import { BinaryImage, HandlersLambdaRequest, SDKDescriptorReference, UserException } from "luna-lambda-tools";

class ImageCountException extends UserException {
  static override statusCode = 400;
  static override errorText = "expected two images in request";
}

class FaceCountException extends UserException {
  static override statusCode = 400;
  static override errorText = "excepted one face on each image";
}

export async function main(request: HandlersLambdaRequest): Promise<Record<string, unknown>> {
  if (request.data.sources.length !== 2) throw ImageCountException;

  const images = request.data.sources.map(
    (img) => new BinaryImage({ filename: img.filename, body: img.source.body, mimetype: "image/jpeg" }),
  );
  const imagesEstimations = (await request.clients.sdk.sdk({ inputData: images, estimateFaceDescriptor: 1 })).json
    .images_estimations;

  const descriptors = [];
  for (const imageEstimations of imagesEstimations) {
    const estimations = imageEstimations.estimations;
    if (estimations.length !== 1) throw FaceCountException;
    descriptors.push(estimations[0].face.detection.attributes.descriptor.sdk_descriptor);
  }

  const similarity = (
    await request.clients.matcher.matchRaw({
      candidates: [new SDKDescriptorReference({ descriptor: descriptors[0], referenceId: crypto.randomUUID() })],
      references: [new SDKDescriptorReference({ descriptor: descriptors[1], referenceId: crypto.randomUUID() })],
    })
  ).json.matches[0]!.matches[0]!.similarity;

  return { similarity };
}
