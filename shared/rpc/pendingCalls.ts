/**
 * Calls sent over a message channel (the lambda process's frame channel, a worker's MessagePort,
 * postMessage) and answered by id. The transport sends; this keeps the ids, settles each call
 * once, drops an answer nobody waits for, and cancels a call whose AbortSignal fires or all of
 * them when the channel is gone.
 */

export type CallOutcome<T> = { value: T } | { error: unknown };

export class PendingCalls<T> {
  private next = 1;
  private readonly calls = new Map<
    number,
    { resolve: (value: T) => void; reject: (error: unknown) => void; cleanup: () => void }
  >();

  /** Sends a call (with a fresh id) and resolves with its answer. */
  start(send: (id: number) => void, signal?: AbortSignal): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => this.settle(id, { error: signal!.reason });
      signal?.addEventListener("abort", onAbort, { once: true });
      this.calls.set(id, { resolve, reject, cleanup: () => signal?.removeEventListener("abort", onAbort) });
      try {
        send(id);
      } catch (error) {
        this.settle(id, { error });
      }
    });
  }

  /** The answer to call `id`; false when no call waits for it (already settled, cancelled, unknown). */
  settle(id: number, outcome: CallOutcome<T>): boolean {
    const call = this.calls.get(id);
    if (!call) return false;
    this.calls.delete(id);
    call.cleanup();
    if ("value" in outcome) call.resolve(outcome.value);
    else call.reject(outcome.error);
    return true;
  }

  /** The channel is gone: every waiting call fails with `error`. */
  failAll(error: unknown): void {
    for (const id of [...this.calls.keys()]) this.settle(id, { error });
  }

  get size(): number {
    return this.calls.size;
  }
}
