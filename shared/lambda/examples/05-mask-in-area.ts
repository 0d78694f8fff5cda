// Seed example 5: the engine used directly — detect the face inside the area the caller drew
// (face_detection_data), warp it, and estimate the mask with the lambda's own mask model
// (models/mask.onnx + models/mask.json). Without that model the reply is the clear 501 error.
import { HandlersLambdaRequest, UserException, engine } from "luna-lambda-tools";

class ImageCountException extends UserException {
  static override statusCode = 400;
  static override errorText = "expected one image in request";
}

class FaceDetectionException extends UserException {
  static override statusCode = 400;
  static override errorText = "failed to get face detection from image";
}

class DetectionAreaException extends UserException {
  static override statusCode = 400;
  static override errorText = "expected face_detection_data with a bounding box";
}

export async function main(request: HandlersLambdaRequest): Promise<Record<string, unknown>> {
  if (request.data.sources.length !== 1) throw ImageCountException;

  const source = request.data.sources[0]!;
  const area = source.source.faceDetectionData[0]?.boundingBox;
  if (!area) throw DetectionAreaException;
  const detections = await engine.detectFaces({ image: source.source.body, area });
  if (!detections.length) throw FaceDetectionException;
  const warps = await Promise.all(detections.map((detection) => engine.warp({ image: source.source.body, detection })));
  const mask = await engine.estimateMask({ warp: warps[0]! });

  return { results: mask };
}
