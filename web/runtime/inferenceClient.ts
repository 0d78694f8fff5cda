/** The page's handle on the inference worker: one worker, requests matched to replies by id (shared/rpc/pendingCalls.ts), load progress to listeners. */
import type { SdkFlags } from "../../shared/luna/schemas/sdk.ts";
import type { ModelLoadEvent } from "../../shared/inference/modelRegistry.ts";
import { PendingCalls } from "../../shared/rpc/pendingCalls.ts";
import type { BrowserTarget, InferenceRequest, InferenceResponse } from "./inferenceProtocol.ts";

type Result = Extract<InferenceResponse, { kind: "result" }>;
type Loaded = Extract<InferenceResponse, { kind: "loaded" }>;
type Answer =
  | Result
  | Loaded
  | Extract<InferenceResponse, { kind: "userModelSet" }>
  | Extract<InferenceResponse, { kind: "fastWasmEmotionsSet" }>;
type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

export class InferenceClient {
  private worker: Worker | null = null;
  private readonly calls = new PendingCalls<Answer>();
  private readonly progressListeners = new Set<(event: ModelLoadEvent) => void>();

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL("./inferenceWorker.ts", import.meta.url), { type: "module" });
    worker.onmessage = (event: MessageEvent<InferenceResponse>) => {
      const message = event.data;
      if (message.kind === "progress") {
        for (const listener of this.progressListeners) listener(message.event);
        return;
      }
      this.calls.settle(
        message.id,
        message.kind === "error" ? { error: new Error(message.message) } : { value: message },
      );
    };
    worker.onerror = (event) => {
      this.calls.failAll(new Error(`inference worker failed: ${event.message}`));
      this.worker = null;
    };
    this.worker = worker;
    return worker;
  }

  private ask(request: WithoutId<Exclude<InferenceRequest, { kind: "connect" }>>): Promise<Answer> {
    return this.calls.start((id) => this.start().postMessage({ ...request, id }));
  }

  onProgress(listener: (event: ModelLoadEvent) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  /** Loads every model for a target (no-op when loaded) and says which backend really runs. */
  async load(target: BrowserTarget): Promise<Loaded> {
    return (await this.ask({ kind: "load", target, models: "all" })) as Loaded;
  }

  /** Starts the target's engine without loading a model (estimates load what they need) and says what is loaded. */
  async status(target: BrowserTarget): Promise<Loaded> {
    return (await this.ask({ kind: "load", target, models: "none" })) as Loaded;
  }

  /** Registers (or with null removes) the project's mask classifier in the browser engines (loaded now or later). */
  async setUserModel(model: { manifest: unknown; bytes: Uint8Array } | null): Promise<void> {
    await this.ask({ kind: "setUserModel", model });
  }

  /** Browser · WASM runs the emotion model at 192 px (faster; scores unlike the server's) or at 224. */
  async setFastWasmEmotions(on: boolean): Promise<void> {
    await this.ask({ kind: "setFastWasmEmotions", on });
  }

  async estimate(
    target: BrowserTarget,
    images: { filename: string; body: Uint8Array }[],
    flags: SdkFlags,
  ): Promise<Result> {
    return (await this.ask({ kind: "estimate", target, images, flags })) as Result;
  }

  /** Gives a lambda worker's port to the core; lambdaFiles are the lambda's models/ files. */
  connect(target: BrowserTarget, port: MessagePort, lambdaFiles: Record<string, Uint8Array>): void {
    this.start().postMessage({ kind: "connect", target, port, lambdaFiles } satisfies InferenceRequest, [port]);
  }
}
