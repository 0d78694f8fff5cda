/**
 * `luna-lambda-tools` for TypeScript: what lambda code imports.
 *   import { HandlersLambdaRequest, UserException, logger } from "luna-lambda-tools";
 */
export { HandlersLambdaRequest, StandaloneLambdaRequest, type IncomingLambdaRequest } from "./request.ts";
export { UserException } from "./exceptions.ts";
export { LambdaUserHandler, HandlerReply } from "./userHandler.ts";
export { logger, type LogRecord } from "./logger.ts";
export { Clients } from "./clients/clients.ts";
export { engine, type EngineDetection, type EngineWarp, type MaskEstimation } from "./engine.ts";
export { LunaApiException, type LunaResponse } from "./clients/lunaHttp.ts";
export {
  BasicAttributes,
  BasicEthnicities,
  BinaryImage,
  Descriptor,
  DetectionSamples,
  Event,
  EventDetection,
  EventFace,
  EventFaceAttributes,
  FaceSample,
  LunaErrors,
  SDKDescriptorReference,
  sdkDescriptorDecode,
} from "./luna3.ts";
export type { LambdaSettings } from "./settings.ts";
export type {
  HandlersInput,
  HandlersSource,
  BoundingBox,
  FaceDetectionData,
  SourceData,
} from "../luna/schemas/handlersInput.ts";
