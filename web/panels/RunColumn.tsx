/**
 * Run and what it gave: the run bar (target, Run, status, timeout, lambda type) stays at the top;
 * below it the tabs — Result (status, reply, timings, logs), History (every run, two picked for a
 * diff) and Models (the engine's models and their load state).
 */
import { useEffect, useState } from "react";
import { useStore } from "zustand";
import { CopyCommands } from "../request/CopyCommands.tsx";
import { LogView } from "../result/LogView.tsx";
import { ReplyTree } from "../result/ReplyTree.tsx";
import { TimingBar } from "../result/TimingBar.tsx";
import type { RunController } from "../run/runController.ts";
import { timeoutProblem } from "../run/timeoutProblem.ts";
import { webgpuNotice } from "../run/webgpuNotice.ts";
import type { LambdaType, ProjectStore, RunTarget, StandaloneContentType } from "../state/projectStore.ts";
import { standaloneBodyProblem } from "../state/projectStore.ts";
import type { RunStore } from "../state/runStore.ts";
import { HistoryPanel } from "./HistoryPanel.tsx";
import { ModelsTab } from "./ModelsTab.tsx";
import { ServerDebugger } from "../server/ServerDebugger.tsx";

type Tab = "result" | "history" | "models";

/** The kept lambda's OpenAPI document in a new tab (proxy paths need the account header, so a plain link cannot fetch it). */
async function openLambdaSpec(controller: RunController): Promise<void> {
  const spec = await controller.serverLambda.spec();
  const url = URL.createObjectURL(new Blob([JSON.stringify(spec, null, 2)], { type: "application/json" }));
  window.open(url, "_blank", "noopener");
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function RunColumn({
  store,
  runs,
  controller,
  onRun,
}: {
  store: ProjectStore;
  runs: RunStore;
  controller: RunController;
  onRun(): void;
}) {
  const project = useStore(store);
  const run = useStore(runs);
  const [tab, setTab] = useState<Tab>("result");
  const [timeoutText, setTimeoutText] = useState(String(project.timeoutS));
  // Another project opened: its timeout replaces the text (typing an invalid value leaves the store alone).
  useEffect(() => setTimeoutText(String(project.timeoutS)), [project.timeoutS]);
  const busy = run.status === "running";
  const outcome = run.outcome;
  const bodyProblem = project.lambdaType === "standalone" ? standaloneBodyProblem(project) : null;
  const badTimeout = timeoutProblem(timeoutText);
  const notice = outcome ? webgpuNotice(project.target, outcome) : null;

  return (
    <>
      <div className="run-bar">
        <div className="controls">
          <select
            data-testid="run-target"
            value={project.target}
            onChange={(e) => store.getState().setTarget(e.target.value as RunTarget)}
          >
            <option value="browser-webgpu">Browser · WebGPU</option>
            <option value="browser-wasm">Browser · WASM</option>
            <option value="server">Server</option>
          </select>
          <button type="button" data-testid="run-button" disabled={busy} onClick={onRun} title="Ctrl/Cmd+Enter">
            {busy ? "Running…" : "Run ▶"}
          </button>
          <span className={`badge status-${run.status}`} data-testid="run-status" data-run-seq={run.runSeq}>
            {run.status}
          </span>
          {busy && run.progress && (
            <span className="status" data-testid="run-progress">
              {run.progress}
            </span>
          )}
          <span className="badge" data-testid="backend-used">
            {outcome?.backend ?? ""}
          </span>
          {project.target !== "server" && (
            <label title="A browser run longer than this is stopped">
              timeout
              <input
                type="number"
                min={1}
                max={600}
                value={timeoutText}
                aria-invalid={badTimeout !== null}
                data-testid="timeout-input"
                onChange={(e) => {
                  setTimeoutText(e.target.value);
                  if (timeoutProblem(e.target.value) === null) store.getState().setTimeoutS(Number(e.target.value));
                }}
              />
              s
            </label>
          )}
          <label title="handlers: Luna-Handlers sends the images as msgpack; standalone: any request body">
            type
            <select
              data-testid="lambda-type"
              value={project.lambdaType}
              onChange={(e) => store.getState().setLambdaType(e.target.value as LambdaType)}
            >
              <option value="handlers">handlers</option>
              <option value="standalone">standalone</option>
            </select>
          </label>
        </div>
        {badTimeout && project.target !== "server" && (
          <p className="error" data-testid="timeout-error">
            {badTimeout}
          </p>
        )}
        {project.lambdaType === "standalone" && (
          <div className="standalone-body" data-testid="lambda-type-controls">
            <select
              data-testid="standalone-content-type"
              value={project.standaloneContentType}
              onChange={(e) =>
                store.getState().setStandaloneBody(project.standaloneBody, e.target.value as StandaloneContentType)
              }
            >
              <option value="application/json">JSON body</option>
              <option value="application/octet-stream">bytes (the text as UTF-8)</option>
            </select>
            <textarea
              data-testid="standalone-body"
              aria-label="request body"
              rows={3}
              spellCheck={false}
              value={project.standaloneBody}
              onChange={(e) => store.getState().setStandaloneBody(e.target.value)}
            />
            {bodyProblem && (
              <p className="error" data-testid="standalone-body-error">
                {bodyProblem}
              </p>
            )}
          </div>
        )}
      </div>
      <div className="tabs" role="tablist">
        {(["result", "history", "models"] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={`tab${tab === t ? " active" : ""}`}
            data-testid={`tab-${t}`}
            onClick={() => setTab(t)}
          >
            {t === "result" ? "Result" : t === "history" ? `History (${run.history.length})` : "Models"}
          </button>
        ))}
      </div>
      {tab === "result" && (
        <div className="tab-body" data-testid="result-panel">
          {project.target === "server" && outcome?.serverLambda && (
            <p
              className="hint"
              data-testid="server-lambda"
              title="Kept between runs; rebuilt only when the code or files change"
            >
              server lambda <code data-testid="server-lambda-id">{outcome.serverLambda.lambdaId}</code> v
              {outcome.serverLambda.version} · POST{" "}
              <code data-testid="server-lambda-url">{outcome.serverLambda.proxyUrl}</code> ·{" "}
              <button
                type="button"
                className="link"
                data-testid="server-lambda-spec"
                onClick={() =>
                  void openLambdaSpec(controller).catch((e: Error) =>
                    runs.getState().setMessage({ kind: "error", text: e.message }),
                  )
                }
              >
                OpenAPI
              </button>
            </p>
          )}
          {project.target === "server" && outcome?.serverLambda && <CopyCommands outcome={outcome} />}
          {project.target === "server" && project.language === "typescript" && outcome?.serverLambda && (
            <ServerDebugger lambdaId={outcome.serverLambda.lambdaId} version={outcome.serverLambda.version} />
          )}
          {notice && (
            <div className="warning" data-testid={notice.testId}>
              {notice.text}
              {notice.details && (
                <details>
                  <summary>details</summary>
                  <pre>{notice.details}</pre>
                </details>
              )}
            </div>
          )}
          {outcome && outcome.status !== null && (
            <p>
              HTTP <strong data-testid="reply-status">{outcome.status}</strong>
            </p>
          )}
          {outcome && outcome.status !== null && (
            <ReplyTree body={outcome.body} onId={(ref) => runs.getState().openData(ref)} />
          )}
          {outcome && <TimingBar timings={outcome.timings} />}
          {!outcome && run.status === "idle" && (
            <p className="hint" data-testid="result-empty">
              Press Run ▶ (Ctrl+Enter): the lambda's reply, its logs and the time each stage took show here.
            </p>
          )}
          <h3>Logs</h3>
          <LogView logs={busy ? run.liveLogs : (outcome?.logs ?? run.liveLogs)} />
        </div>
      )}
      {tab === "history" && <HistoryPanel runs={runs} />}
      {tab === "models" && <ModelsTab store={store} runs={runs} controller={controller} />}
    </>
  );
}
