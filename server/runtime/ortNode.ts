/** InferenceBackend on onnxruntime-node (CPU execution provider). */
import * as ort from "onnxruntime-node";
import type { InferenceBackend, ModelSession, Tensor } from "../../shared/inference/backend.ts";

export interface OrtNodeOptions {
  /** Threads inside one operator. See BENCHMARKS.md for the measurement behind the default. */
  intraOpThreads: number;
}

class OrtNodeSession implements ModelSession {
  constructor(private readonly session: ort.InferenceSession) {}

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  async run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new ort.Tensor("float32", t.data, [...t.dims]);
    const outputs = await this.session.run(ortFeeds);
    const result: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(outputs)) {
      if (!(t.data instanceof Float32Array)) throw new Error(`output '${name}' is ${t.type}, expected float32`);
      result[name] = { data: t.data, dims: t.dims };
    }
    return result;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

export function createOrtNodeBackend(options: OrtNodeOptions): InferenceBackend {
  return {
    name: "onnxruntime-node/cpu",
    async createSession(model: Uint8Array): Promise<ModelSession> {
      const session = await ort.InferenceSession.create(model, {
        executionProviders: ["cpu"],
        // Several models declare their weights as graph inputs: ORT warns about each one otherwise.
        logSeverityLevel: 3,
        intraOpNumThreads: options.intraOpThreads,
        interOpNumThreads: 1,
        graphOptimizationLevel: "all",
        // Busy-waiting pool threads starve the JS pre-processing on a 2-core machine (docs/models.md).
        extra: { session: { intra_op: { allow_spinning: "0" } } },
      });
      return new OrtNodeSession(session);
    },
  };
}
