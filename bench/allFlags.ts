/** Every estimation the server pipeline can run on one image: what the pipeline benches measure. */
import { defaultSdkFlags, type SdkFlags } from "../shared/luna/schemas/sdk.ts";

export const ALL_FLAGS: SdkFlags = {
  ...defaultSdkFlags,
  estimateLandmarks5: true,
  estimateLandmarks68: true,
  estimateFaceWarp: true,
  estimateFaceDescriptor: true,
  estimateBasicAttributes: true,
  estimateEmotions: true,
  estimateLiveness: true,
  estimateHeadPose: true,
  estimateEyesAttributes: true,
};
