/**
 * Direct use of the inference engine from lambda code (seed example 5's lunavl role):
 *   const faces = await engine.detectFaces({ image, area });
 *   const warp = await engine.warp({ image, detection: faces[0] });
 *   const mask = await engine.estimateMask({ warp });   // needs models/mask.onnx + models/mask.json
 * The runtime decides where the engine runs (the server's engine over IPC for sandboxed lambdas,
 * in-process elsewhere) through a small transport, so lambda code is the same everywhere.
 */
import type { BoundingBox } from "../luna/schemas/handlersInput.ts";

export interface EngineDetection {
  rect: BoundingBox;
  score: number;
  landmarks5: [number, number][];
}

export interface EngineWarp {
  /** The 112×112 aligned face as JPEG bytes. */
  jpeg: Uint8Array;
}

export interface MaskEstimation {
  predominant_mask: "medical_mask" | "missing" | "occluded";
  estimations: { medical_mask: number; missing: number; occluded: number };
}

export interface EngineTransport {
  call(operation: "detectFaces", args: { image: Uint8Array; area?: BoundingBox | null }): Promise<EngineDetection[]>;
  call(operation: "warp", args: { image: Uint8Array; detection: EngineDetection }): Promise<EngineWarp>;
  call(operation: "estimateMask", args: { warp: EngineWarp }): Promise<MaskEstimation>;
}

/**
 * A transport from an untyped handler (IPC, MessagePort, an in-process EngineHost): the host
 * validates operations and arguments, so the typed overloads are a view of the same function.
 */
export function engineTransportFrom(
  handle: (operation: string, args: Record<string, unknown>) => Promise<unknown>,
): EngineTransport {
  return { call: handle } as EngineTransport;
}

let transport: EngineTransport | null = null;

/** Set by the runtime that hosts the lambda. */
export function setEngineTransport(next: EngineTransport | null): void {
  transport = next;
}

function current(): EngineTransport {
  if (!transport) throw new Error("the inference engine is not available in this runtime");
  return transport;
}

export const engine = {
  /** Faces in the image, or only inside `area` (with margin), in full-image coordinates. */
  detectFaces(args: { image: Uint8Array; area?: BoundingBox | null }): Promise<EngineDetection[]> {
    return current().call("detectFaces", args);
  },
  /** The ArcFace-aligned 112×112 crop of a detected face. */
  warp(args: { image: Uint8Array; detection: EngineDetection }): Promise<EngineWarp> {
    return current().call("warp", args);
  },
  /** Mask state of a warped face, by the lambda's own mask model (models/mask.onnx + models/mask.json). */
  estimateMask(args: { warp: EngineWarp }): Promise<MaskEstimation> {
    return current().call("estimateMask", args);
  },
};
