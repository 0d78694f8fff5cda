/**
 * The Models tab: the run target's engine (the browser's, or the server's) and its models' load
 * state, refreshed when the tab opens, after each run, and live while models load.
 */
import { useCallback, useEffect, useState } from "react";
import { useStore } from "zustand";
import type { ModelLoadEvent } from "../../shared/inference/modelRegistry.ts";
import { fetchServerModels } from "../api/modelsApi.ts";
import { ModelsPanel, type ModelsView } from "../models/ModelsPanel.tsx";
import type { RunController } from "../run/runController.ts";
import { fastWasmEmotions, setFastWasmEmotions } from "../state/inferencePreferences.ts";
import type { ProjectStore, RunTarget } from "../state/projectStore.ts";
import type { RunStore } from "../state/runStore.ts";

export function ModelsTab({
  store,
  runs,
  controller,
}: {
  store: ProjectStore;
  runs: RunStore;
  controller: RunController;
}) {
  const target = useStore(store, (s) => s.target);
  const runSeq = useStore(runs, (s) => s.runSeq);
  const [view, setView] = useState<ModelsView | null>(null);
  const [progress, setProgress] = useState<Record<string, ModelLoadEvent>>({});
  const [loading, setLoading] = useState(false);
  const [fast, setFast] = useState(fastWasmEmotions);
  const inference = controller.inference;

  useEffect(() => inference.onProgress((event) => setProgress((p) => ({ ...p, [event.id]: event }))), [inference]);

  // "all": the button loads every model; "status": what is loaded now (requests load what they need).
  const refresh = useCallback(
    async (on: RunTarget, load: "all" | "status") => {
      if (on === "server") {
        setView(await fetchServerModels());
        return;
      }
      setLoading(load === "all");
      try {
        const info = load === "all" ? await inference.load(on) : await inference.status(on);
        setView({
          where: "browser",
          backend: info.backend,
          fallbackReason: info.fallbackReason,
          models: info.models,
          userModels: info.userModels,
          inputSizes: info.modelInputSizes,
        });
      } finally {
        setLoading(false);
      }
    },
    [inference],
  );
  useEffect(() => {
    void runSeq;
    refresh(target, "status").catch((e: Error) => runs.getState().setMessage({ kind: "error", text: e.message }));
  }, [target, runSeq, refresh, runs]);

  return (
    <div className="tab-body">
      <ModelsPanel
        view={view}
        progress={progress}
        loading={loading}
        onLoad={() =>
          void refresh(target, "all").catch((e: Error) =>
            runs.getState().setMessage({ kind: "error", text: e.message }),
          )
        }
        fastWasmEmotions={fast}
        onFastWasmEmotions={(on) => {
          setFastWasmEmotions(on);
          setFast(on);
          inference
            .setFastWasmEmotions(on)
            .then(() => refresh(target, "status"))
            .catch((e: Error) => runs.getState().setMessage({ kind: "error", text: e.message }));
        }}
      />
    </div>
  );
}
