/** Wraps a backend so the bench can replay each model's real inputs straight into session.run. */
import type { InferenceBackend, ModelSession, Tensor } from "../shared/inference/backend.ts";

export interface RecordedSession {
  session: ModelSession;
  lastFeeds: Record<string, Tensor> | null;
}

export function recordingBackend(inner: InferenceBackend): { backend: InferenceBackend; sessions: RecordedSession[] } {
  const sessions: RecordedSession[] = [];
  const backend: InferenceBackend = {
    name: inner.name,
    async createSession(model) {
      const session = await inner.createSession(model);
      const record: RecordedSession = { session, lastFeeds: null };
      sessions.push(record);
      return {
        inputNames: session.inputNames,
        outputNames: session.outputNames,
        run: (feeds) => {
          record.lastFeeds = feeds;
          return session.run(feeds);
        },
        dispose: () => session.dispose(),
      };
    },
  };
  return { backend, sessions };
}
