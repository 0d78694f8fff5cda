/**
 * What the core needs to know about one built-in ONNX model: its file (pinned by sha256), its input
 * and how pixels become that input. Each model is declared next to the code that runs it (detect.ts,
 * landmarks.ts, attributes/<x>.ts); models.ts gathers them into the manifest.
 */

export type ChannelOrder = "rgb" | "bgr" | "grey";

export interface Normalisation {
  /** Per-channel value subtracted after dividing by `scale` (in model channel order). */
  readonly mean: readonly number[];
  readonly std: readonly number[];
  /** Pixels (0..255) are divided by this first. */
  readonly scale: number;
}

export interface ModelSpec<Id extends string = string> {
  readonly id: Id;
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly inputName: string;
  /** Width × height of the input image. */
  readonly inputSize: readonly [number, number];
  /**
   * True when the graph runs at any input size (fully convolutional up to a global pool; checked by
   * hand for each model that says so): a backend may then run it at another size
   * (`InferenceBackend.modelInputSizes`), e.g. a smaller one where compute is scarce.
   */
  readonly resizableInput?: boolean;
  readonly channels: ChannelOrder;
  readonly normalisation: Normalisation;
  readonly description: string;
}

/** ImageNet mean/std on 0..1 pixels (the SSR-Net and Hopenet training recipe). */
export const IMAGENET_NORMALISATION: Normalisation = {
  scale: 255,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
};
/** (p − 127) / 128: roughly −1..1 (UltraFace, MobileFaceNet). */
export const PLUS_MINUS_ONE_NORMALISATION: Normalisation = { scale: 1, mean: [127, 127, 127], std: [128, 128, 128] };
