/**
 * The models: size, sha256, load progress (download, then session creation), cached in Cache
 * Storage or not, and the backend that runs them — for the browser engine of the chosen target, or
 * the server's. The user's mask classifier (ONNX + manifest) is added here: it goes to the server's
 * models API, the browser engine, and the lambda's models/ folder.
 */
import type { ModelLoadEvent, ModelStatus } from "../../shared/inference/modelRegistry.ts";
import type { EngineInfo } from "../runtime/inferenceProtocol.ts";

/** A built-in model's status, plus whether Cache Storage holds it (null: not a browser engine). */
export type ModelRow = ModelStatus & { cached: boolean | null };

export interface ModelsView {
  where: "browser" | "server";
  backend: string;
  fallbackReason: string | null;
  models: ModelRow[];
  userModels: EngineInfo["userModels"];
  /** Models run at another input size than their manifest's (the browser's fast emotions). */
  inputSizes?: EngineInfo["modelInputSizes"];
}

export function ModelsPanel(props: {
  view: ModelsView | null;
  progress: Record<string, ModelLoadEvent>;
  loading: boolean;
  onLoad(): void;
  fastWasmEmotions: boolean;
  onFastWasmEmotions(on: boolean): void;
}) {
  const view = props.view;
  return (
    <section className="models-panel" data-testid="models-panel">
      <div className="controls">
        <button type="button" data-testid="load-models" onClick={props.onLoad} disabled={props.loading}>
          {props.loading ? "Loading…" : "Load models"}
        </button>
        {view && (
          <span className="status" data-testid="models-backend">
            {view.where}: {view.backend}
            {view.fallbackReason ? ` (WebGPU not used: ${view.fallbackReason})` : ""}
          </span>
        )}
      </div>
      <label className="hint" title="docs/inference.md, “Browser full pass”">
        <input
          type="checkbox"
          data-testid="fast-wasm-emotions"
          checked={props.fastWasmEmotions}
          onChange={(e) => props.onFastWasmEmotions(e.target.checked)}
        />{" "}
        Faster emotions on Browser · WASM: the emotion model at 192 px instead of 224 (about a fifth faster). Its scores
        then differ from the server's, and the predominant emotion agreed on 34 of 36 test faces. Kept in this browser,
        not in the project.
      </label>
      <table>
        <thead>
          <tr>
            <th>model</th>
            <th>size</th>
            <th>sha256</th>
            <th>state</th>
            <th>cached</th>
          </tr>
        </thead>
        <tbody>
          {(view?.models ?? []).map((m) => {
            const p = props.progress[m.id];
            const fraction = m.loaded
              ? 1
              : p
                ? p.phase === "download"
                  ? 0.9 * (p.loadedBytes / (p.totalBytes ?? m.bytes))
                  : 0.95
                : 0;
            return (
              <tr key={m.id} data-testid="model-row" data-model={m.id} data-loaded={m.loaded}>
                <td>
                  {m.file}
                  {view?.inputSizes?.[m.id] && (
                    <span className="hint" data-testid="model-input-size">
                      {" "}
                      at {view.inputSizes[m.id]!.join("×")}
                    </span>
                  )}
                </td>
                <td>{(m.bytes / 1e6).toFixed(1)} MB</td>
                <td title={m.sha256}>
                  <code>{m.sha256.slice(0, 12)}…</code>
                </td>
                <td>
                  <progress max={1} value={fraction} />{" "}
                  {m.loaded
                    ? `ready${m.loadMs !== null ? ` ${m.loadMs.toFixed(0)} ms` : ""}`
                    : (p?.phase ?? "not loaded")}
                </td>
                <td>{m.cached === null ? "—" : m.cached ? "yes" : "no"}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="hint">
        Your own models (the mask classifier) are the lambda's files: the editor's <code>models/</code> tab.
      </p>
    </section>
  );
}
