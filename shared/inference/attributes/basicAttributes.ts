/**
 * Basic attributes: age and gender from two SSR-Net models on the same crop. Age = merged stages ×
 * 101 years; gender's merged stages = P(male), Luna encodes 1 = male, 0 = female. There is no
 * ethnicity model: the reply keeps Luna's shape (code written for Luna reads
 * `ethnicities.predominant_ethnicity`) with every estimate null — stated as missing, never made up.
 */
import { z } from "zod";
import { defineEstimator, type Crop, type FaceInput } from "../estimator.ts";
import { growInside, type Rect } from "../image.ts";
import { IMAGENET_NORMALISATION, type ModelSpec } from "../modelSpec.ts";
import { regionInput, runOnInput } from "../runOnRegion.ts";
import { mergeSsrStages } from "./ssrNet.ts";

export const AGE_MODEL = {
  id: "age",
  file: "fr_age.onnx",
  sha256: "74c9b01700cb9ef96f7190a2230218414ff99d231415c4b091a755780cad5e8a",
  bytes: 201280,
  inputName: "input",
  inputSize: [64, 64],
  channels: "rgb",
  normalisation: IMAGENET_NORMALISATION,
  description: "SSR-Net age",
} as const satisfies ModelSpec;

export const GENDER_MODEL = {
  id: "gender",
  file: "fr_gender.onnx",
  sha256: "a003e8392a617ca834c7ca2c01e0895f5c354217fb56cd0373935e6e9b9c396e",
  bytes: 343725,
  inputName: "input",
  inputSize: [64, 64],
  channels: "rgb",
  normalisation: IMAGENET_NORMALISATION,
  description: "SSR-Net gender",
} as const satisfies ModelSpec;

/** The vendor demo's decision point: above it the face is reported male. */
export const MALE_THRESHOLD = 0.6;

/** Both models: the box grown ×1.4 around its centre, slid inside the image. */
export function ageGenderCrop(box: Rect, imgW: number, imgH: number): Rect {
  return growInside(box, 1.4, imgW, imgH);
}

const crop = (face: FaceInput): Crop[] => [
  { source: "image", region: ageGenderCrop(face.box, face.image.width, face.image.height) },
];

const noEthnicityEstimate = { predominant_ethnicity: null, estimations: null } as const;

export const basicAttributesEstimator = defineEstimator({
  flag: "estimate_basic_attributes",
  replyKey: "basic_attributes",
  stage: "basicAttributes",
  timingGroup: "attributes",
  models: [AGE_MODEL, GENDER_MODEL],
  needs: [],
  crop,
  reply: z.object({
    age: z.number().int(),
    gender: z.union([z.literal(0), z.literal(1)]),
    ethnicities: z.object({ predominant_ethnicity: z.null(), estimations: z.null() }),
  }),
  summary: "age (years) and gender (1 = male); ethnicities null (no model)",
  async estimate(face) {
    const region = ageGenderCrop(face.box, face.image.width, face.image.height);
    // Both models take the same crop, size and normalisation: the input tensor is made once.
    const input = regionInput(face.models, AGE_MODEL, face.image, region);
    const age = mergeSsrStages(await runOnInput(face.models, AGE_MODEL, input)) * 101;
    const male = mergeSsrStages(await runOnInput(face.models, GENDER_MODEL, input));
    return {
      age: Math.round(age),
      gender: male > MALE_THRESHOLD ? (1 as const) : (0 as const),
      ethnicities: noEthnicityEstimate,
    };
  },
});
