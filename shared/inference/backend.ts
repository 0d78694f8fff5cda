/**
 * The platform seam of the inference core: onnxruntime-node on the server, onnxruntime-web in the
 * browser. The core only ever sees these small interfaces.
 */

export interface Tensor {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

export interface ModelSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>>;
  dispose(): Promise<void>;
}

export interface ModelAbout {
  label: string;
  /** The model's image input: name and NCHW dims. */
  input: { name: string; dims: readonly number[] };
}

export interface InferenceBackend {
  /** What really runs, e.g. "onnxruntime-node/cpu", "onnxruntime-web/webgpu", "onnxruntime-web/wasm". */
  readonly name: string;
  /**
   * Input sizes (width, height) this backend runs some models at instead of their manifest's, by
   * model id; only models with `resizableInput` follow it (ModelRegistry.inputSize). E.g. the
   * browser's WASM backend runs the emotion model smaller (docs/inference.md, "Browser full pass").
   */
  readonly modelInputSizes?: Readonly<Record<string, readonly [number, number]>>;
  /** `about` names the model and its input shape, for backends that check or report per model. */
  createSession(model: Uint8Array, about?: ModelAbout): Promise<ModelSession>;
}

/**
 * Serialises runs on one session (a promise chain), so concurrent requests never interleave inside
 * one ORT session and per-run timings stay meaningful. Also records session.run time per call.
 */
export class SerialSession implements ModelSession {
  private tail: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(
    private readonly inner: ModelSession,
    private readonly onRun?: (milliseconds: number) => void,
  ) {}

  get inputNames(): readonly string[] {
    return this.inner.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.inner.outputNames;
  }

  run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
    if (this.disposed) return Promise.reject(new Error("session is disposed"));
    const next = this.tail.then(async () => {
      const started = performance.now();
      try {
        return await this.inner.run(feeds);
      } finally {
        this.onRun?.(performance.now() - started);
      }
    });
    this.tail = next.catch(() => undefined);
    return next;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.tail;
    await this.inner.dispose();
  }
}

export function softmax(logits: ArrayLike<number>): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  const out = new Float32Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    out[i] = Math.exp(logits[i]! - max);
    sum += out[i]!;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= sum;
  return out;
}

export function requireOutput(outputs: Record<string, Tensor>, name: string): Tensor {
  const tensor = outputs[name];
  if (!tensor) throw new Error(`model output '${name}' is missing (have: ${Object.keys(outputs).join(", ")})`);
  return tensor;
}
