/** The page's handle on the inference worker: one worker, requests matched to replies by id. */
import type { SdkFlags } from "../../shared/luna/schemas/sdk.ts";
import type { BrowserTarget, InferenceRequest, InferenceResponse } from "./inferenceProtocol.ts";

type Result = Extract<InferenceResponse, { kind: "result" }>;

export class InferenceClient {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Result) => void; reject: (e: Error) => void }>();

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./inferenceWorker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (event: MessageEvent<InferenceResponse>) => {
      const message = event.data;
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.kind === "result") waiting.resolve(message);
      else waiting.reject(new Error(message.message));
    };
    worker.onerror = (event) => {
      for (const waiting of this.pending.values()) waiting.reject(new Error(`inference worker failed: ${event.message}`));
      this.pending.clear();
      this.worker = null;
    };
    this.worker = worker;
    return worker;
  }

  estimate(target: BrowserTarget, images: { filename: string; body: Uint8Array }[], flags: SdkFlags): Promise<Result> {
    const id = this.nextId++;
    const request: InferenceRequest = { kind: "estimate", id, target, images, flags };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.start().postMessage(request);
    });
  }
}
