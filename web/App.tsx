/**
 * The playground page. Left: the request's images and the stage (boxes, overlays, warps). Centre:
 * lambda_main.ts in Monaco. Right: run target and Run, the reply, logs, timings and models.
 * State that is the user's work lives in the project store (persisted); run results live here.
 */
import { SandboxNotice } from "./server/SandboxNotice.tsx";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useStore } from "zustand";
import type { ImageEstimations } from "../shared/inference/pipeline.ts";
import type { ModelLoadEvent } from "../shared/inference/modelRegistry.ts";
import { Stage } from "./canvas/Stage.tsx";
import { FaceBoxes, useFaceBoxEditing } from "./canvas/FaceBoxes.tsx";
import { ALL_LAYERS, Overlays, type OverlayLayers } from "./canvas/Overlays.tsx";
import { LambdaEditor } from "./editor/LambdaEditor.tsx";
import { TEMPLATES } from "./editor/templates.ts";
import { ImagesPanel, SAMPLES, useImageDropAndPaste } from "./images/ImagesPanel.tsx";
import { imagesFromFiles } from "./images/imagesFromFiles.ts";
import { ModelsPanel, type ModelsView } from "./models/ModelsPanel.tsx";
import { ReplyTree } from "./result/ReplyTree.tsx";
import { LogView } from "./result/LogView.tsx";
import { TimingBar } from "./result/TimingBar.tsx";
import { Warps } from "./result/Warps.tsx";
import { analyseImages, type Analysis } from "./run/analysis.ts";
import { runProject, type RunOutcome } from "./run/runProject.ts";
import { fetchServerModels, registerServerMaskModel } from "./api/modelsApi.ts";
import { BrowserLambdaRunner } from "./runtime/browserLambda.ts";
import { ServerLambdaSession } from "./api/lambdaService.ts";
import { lambdaName } from "./state/lambdaName.ts";
import { InferenceClient } from "./runtime/inferenceClient.ts";
import { fromProjectFile, toProjectFile } from "./state/projectFile.ts";
import { saveProject } from "./state/persistence.ts";
import {
  standaloneBodyProblem,
  type LambdaType,
  type ProjectStore,
  type RunTarget,
  type StandaloneContentType,
  type UserModelFile,
} from "./state/projectStore.ts";
import { exportProject } from "./api/exportApi.ts";
import { projectFromArchive } from "./state/projectFromArchive.ts";

const inference = new InferenceClient();
const runner = new BrowserLambdaRunner(inference);
const serverLambda = new ServerLambdaSession();

type RunStatus = "idle" | "running" | "done" | "error";

function download(name: string, blob: Blob): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** The kept lambda's OpenAPI document in a new tab (proxy paths need the account header, so a plain link cannot fetch it). */
async function openLambdaSpec(): Promise<void> {
  const spec = await serverLambda.spec();
  const url = URL.createObjectURL(new Blob([JSON.stringify(spec, null, 2)], { type: "application/json" }));
  window.open(url, "_blank", "noopener");
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function App({ store }: { store: ProjectStore }) {
  const project = useStore(store);
  const [status, setStatus] = useState<RunStatus>("idle");
  /** Finished runs so far: lets tools tell this run's "done" from the previous one's. */
  const [runSeq, setRunSeq] = useState(0);
  /** What a browser run is doing before main starts (loading Python…). */
  const [runProgress, setRunProgress] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<RunOutcome | null>(null);
  const [liveLogs, setLiveLogs] = useState<RunOutcome["logs"]>([]);
  const [analysis, setAnalysis] = useState<(Analysis & { target: RunTarget; ms: number; seq: number }) | null>(null);
  const [message, setMessage] = useState<{ kind: "error" | "info"; text: string } | null>(null);
  const [layers, setLayers] = useState<OverlayLayers>(ALL_LAYERS);
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  const [models, setModels] = useState<ModelsView | null>(null);
  const [progress, setProgress] = useState<Record<string, ModelLoadEvent>>({});
  const [modelsLoading, setModelsLoading] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const busy = status === "running";
  const bodyProblem = project.lambdaType === "standalone" ? standaloneBodyProblem(project) : null;

  const selected = project.images.find((i) => i.id === project.selectedImageId) ?? project.images[0] ?? null;
  const url = useMemo(
    () =>
      selected
        ? URL.createObjectURL(new Blob([selected.bytes as Uint8Array<ArrayBuffer>], { type: selected.mimetype }))
        : null,
    [selected],
  );
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);
  useEffect(() => setSize(null), [selected?.id]);
  useEffect(() => inference.onProgress((event) => setProgress((p) => ({ ...p, [event.id]: event }))), []);

  const addFiles = useCallback(
    async (files: File[]) => {
      const { images, rejected } = await imagesFromFiles(files);
      for (const image of images) store.getState().addImage(image);
      setMessage(
        rejected.length ? { kind: "error", text: `not a JPEG, PNG or WebP image: ${rejected.join(", ")}` } : null,
      );
    },
    [store],
  );
  useImageDropAndPaste(addFiles);

  // "all": the models panel's button loads every model; "status": what is loaded now (requests load what they need).
  const refreshModels = useCallback(async (target: RunTarget, load: "all" | "status" | false) => {
    if (target === "server") {
      setModels(await fetchServerModels());
      return;
    }
    if (!load) return;
    setModelsLoading(load === "all");
    try {
      const info = load === "all" ? await inference.load(target) : await inference.status(target);
      setModels({
        where: "browser",
        backend: info.backend,
        fallbackReason: info.fallbackReason,
        models: info.models,
        userModels: info.userModels,
      });
    } finally {
      setModelsLoading(false);
    }
  }, []);
  useEffect(() => {
    void refreshModels(project.target, false).catch(() => undefined);
  }, [project.target, refreshModels]);

  /** What the overlays were last computed for: a run with the same images, target and mask model does not redo them. */
  const analysedFor = useRef<string | null>(null);
  const analysisKey = (state: ReturnType<ProjectStore["getState"]>) =>
    JSON.stringify([
      state.target,
      state.images.map((i) => i.id),
      state.maskModel?.filename ?? null,
      state.maskModel?.bytes.length ?? 0,
    ]);
  const analyse = useCallback(
    async (target: RunTarget) => {
      const state = store.getState();
      const started = performance.now();
      const result = await analyseImages(
        target,
        state.images.map((i) => ({ filename: i.filename, body: i.bytes })),
        { inference, withMask: state.maskModel !== null },
      );
      // Wall time of the whole pass as the page sees it (worker or HTTP round trip included).
      const ms = performance.now() - started;
      setAnalysis((previous) => ({ ...result, target, ms, seq: (previous?.seq ?? 0) + 1 }));
      analysedFor.current = target === state.target ? analysisKey(state) : null;
      return result;
    },
    [store],
  );

  const run = useCallback(async () => {
    const state = store.getState();
    // No image is allowed: the lambda then sees an empty request, as Luna would send it.
    if (busy) return;
    setStatus("running");
    setRunProgress(null);
    setMessage(null);
    setLiveLogs([]);
    const bodyProblem = state.lambdaType === "standalone" ? standaloneBodyProblem(state) : null;
    if (bodyProblem) {
      setMessage({ kind: "error", text: bodyProblem });
      setStatus("error");
      setRunSeq((n) => n + 1);
      return;
    }
    const request = state.requestBody();
    try {
      const result = await runProject({
        target: state.target,
        language: state.language,
        name: lambdaName(state),
        code: state.code,
        modules: state.modules,
        lambdaType: state.lambdaType,
        request: request.body,
        contentType: request.contentType,
        lambdaFiles: state.lambdaFiles(),
        timeoutMs: state.timeoutS * 1000,
        inference,
        runner,
        serverLambda,
        onLog: (record) => setLiveLogs((logs) => [...logs, record]),
        onStatus: setRunProgress,
      });
      setOutcome(result);
      if (state.images.length && analysedFor.current !== analysisKey(state)) {
        await analyse(state.target).catch((e: Error) =>
          setMessage({ kind: "error", text: `overlay pass failed: ${e.message}` }),
        );
      }
      if (state.target !== "server") void refreshModels(state.target, "status");
      setStatus(result.compileErrors.length || result.status === null || result.status >= 400 ? "error" : "done");
      setRunSeq((n) => n + 1);
    } catch (error) {
      setOutcome(null);
      setMessage({ kind: "error", text: (error as Error).message });
      setStatus("error");
      setRunSeq((n) => n + 1);
    }
  }, [analyse, busy, refreshModels, store]);

  const detect = useCallback(async () => {
    const state = store.getState();
    setMessage(null);
    try {
      const result = await analyse(state.target);
      state.images.forEach((image, i) => {
        const faces = result.images[i]?.estimations ?? [];
        store.getState().setDetectedBoxes(
          image.id,
          faces.map((f) => f.face.detection.rect),
        );
      });
    } catch (error) {
      setMessage({ kind: "error", text: (error as Error).message });
    }
  }, [analyse, store]);

  const save = useCallback(async () => {
    await saveProject(store.getState());
    setSaved(new Date().toLocaleTimeString());
  }, [store]);

  // Ctrl/Cmd+Enter runs and Ctrl/Cmd+S saves anywhere on the page (Monaco binds its own).
  const keys = useRef({ run, save });
  keys.current = { run, save };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey)) return;
      if (event.key === "Enter") {
        event.preventDefault();
        void keys.current.run();
      } else if (event.key === "s") {
        event.preventDefault();
        void keys.current.save();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // The server's models API checks a new mask model fully (manifest and ONNX) before the project keeps it.
  const setMaskModel = async (model: UserModelFile | null) => {
    if (model) JSON.parse(model.manifest); // a readable message before anything is sent
    await registerServerMaskModel(model);
    store.getState().setMaskModel(model);
    const target = store.getState().target;
    await refreshModels(target, target !== "server" && "status");
  };
  // The browser engines follow the project's mask model, including one restored from IndexedDB.
  useEffect(() => {
    const model = project.maskModel;
    Promise.resolve()
      .then(() =>
        inference.setUserModel(model ? { manifest: JSON.parse(model.manifest) as unknown, bytes: model.bytes } : null),
      )
      .catch((e: Error) => setMessage({ kind: "error", text: `mask model in the browser: ${e.message}` }));
  }, [project.maskModel]);

  const boxes = selected ? (project.boxes[selected.id] ?? []) : [];
  const editing = useFaceBoxEditing({
    size: size ?? { w: 1, h: 1 },
    onAdd: (box) => selected && store.getState().addBox(selected.id, box),
    onUpdate: (id, box) => selected && store.getState().updateBox(selected.id, id, box),
  });
  const deleteBox = useCallback(
    (id: string) => selected && store.getState().deleteBox(selected.id, id),
    [selected, store],
  );
  const selectedIndex = selected ? project.images.indexOf(selected) : -1;
  const seen: ImageEstimations | undefined =
    analysis && analysis.images.length === project.images.length ? analysis.images[selectedIndex] : undefined;
  const faces = seen?.estimations ?? [];
  const warps = faces.flatMap((f) => (f.face.detection.warp ? [f.face.detection.warp] : []));
  const webgpuFallback = project.target === "browser-webgpu" && outcome && outcome.backend !== "webgpu";

  return (
    <main>
      <SandboxNotice />
      <header className="topbar">
        <h1>Luna lambda playground</h1>
        <div className="controls">
          <button
            type="button"
            data-testid="save-project"
            onClick={() =>
              download(
                "project.lunaplay.json",
                new Blob([JSON.stringify(toProjectFile(store.getState()))], { type: "application/json" }),
              )
            }
          >
            Save project
          </button>
          <label className="file-button">
            Open project…
            <input
              type="file"
              accept=".json,application/json,.zip,application/zip"
              data-testid="open-project-input"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                e.target.value = "";
                if (!file) return;
                try {
                  // A project file (JSON), or a lambda zip such as an exported project.
                  const isZip = file.name.endsWith(".zip") || file.type === "application/zip";
                  store.setState(
                    isZip
                      ? await projectFromArchive(new Uint8Array(await file.arrayBuffer()), store.getState())
                      : fromProjectFile(JSON.parse(await file.text())),
                  );
                  setAnalysis(null);
                  setOutcome(null);
                  setMessage({ kind: "info", text: `opened ${file.name}` });
                } catch (error) {
                  setMessage({ kind: "error", text: (error as Error).message });
                }
              }}
            />
          </label>
          <button
            type="button"
            data-testid="export-button"
            onClick={async () => {
              try {
                // Only a server run's reply is what the exported runtime (onnxruntime-node) reproduces; otherwise the server runs the request once.
                const serverReply =
                  outcome && outcome.status !== null && outcome.backend === "onnxruntime-node"
                    ? { status: outcome.status, body: outcome.body }
                    : null;
                const exported = await exportProject(store.getState(), serverReply);
                download(exported.filename, exported.blob);
              } catch (error) {
                setMessage({ kind: "error", text: `export failed: ${(error as Error).message}` });
              }
            }}
          >
            Export lambda
          </button>
          <span className="status" data-testid="saved-at">
            {saved ? `saved ${saved}` : "autosaved"}
          </span>
        </div>
      </header>
      {message && (
        <p className={message.kind} data-testid={message.kind === "error" ? "error" : "info"}>
          {message.text}
        </p>
      )}
      <div className="workspace">
        <div className="column left">
          <ImagesPanel
            images={project.images}
            selectedId={selected?.id ?? null}
            boxCounts={Object.fromEntries(Object.entries(project.boxes).map(([k, v]) => [k, v.length]))}
            onFiles={(files) => void addFiles(files)}
            onSample={async (file) => {
              const response = await fetch(`/samples/${file}`);
              const blob = await response.blob();
              await addFiles([new File([blob], file, { type: blob.type })]);
            }}
            onSelect={(id) => store.getState().selectImage(id)}
            onMove={(id, to) => store.getState().moveImage(id, to)}
            onRemove={(id) => store.getState().removeImage(id)}
          />
          {url && (
            <Stage url={url} size={size} onSize={setSize} svgHandlers={editing.handlers}>
              {(svg) =>
                size && (
                  <>
                    <Overlays faces={faces} layers={layers} scale={Math.max(size.w, size.h) / 600} />
                    <FaceBoxes boxes={boxes} size={size} editing={editing} onDelete={deleteBox} svg={svg} />
                  </>
                )
              }
            </Stage>
          )}
          <div className="controls">
            <button
              type="button"
              data-testid="detect-button"
              disabled={busy || project.images.length === 0}
              onClick={() => void detect()}
            >
              Detect
            </button>
            <label>
              <input
                type="checkbox"
                checked={project.sendFaceBoundingBoxes}
                onChange={(e) => store.getState().setSendFaceBoundingBoxes(e.target.checked)}
              />
              also send as face_bounding_boxes
            </label>
            {(Object.keys(layers) as (keyof OverlayLayers)[]).map((layer) => (
              <label key={layer}>
                <input
                  type="checkbox"
                  data-testid={`layer-${layer}`}
                  checked={layers[layer]}
                  onChange={(e) => setLayers({ ...layers, [layer]: e.target.checked })}
                />
                {layer}
              </label>
            ))}
          </div>
          <Warps warps={warps} />
          {analysis && (
            <p
              className="status"
              data-testid="analysis"
              data-target={analysis.target}
              data-backend={analysis.backend}
              data-ms={analysis.ms.toFixed(1)}
              data-load-ms={analysis.loadMs.toFixed(1)}
              data-seq={analysis.seq}
              data-json={JSON.stringify(
                analysis.images.map((i) =>
                  i.estimations.map((f) => ({
                    rect: f.face.detection.rect,
                    descriptor: Array.from(f.face.detection.attributes.descriptor?.sdk_descriptor ?? []),
                  })),
                ),
              )}
            >
              overlays from {analysis.backend} · {faces.length} face(s) in this image
            </p>
          )}
        </div>
        <div className="column centre">
          <div className="controls">
            <strong data-testid="lambda-file">
              {project.language === "python" ? "lambda_main.py" : "lambda_main.ts"}
            </strong>
            <select
              data-testid="template-select"
              value={project.templateId}
              onChange={(e) => {
                const template = TEMPLATES.find((t) => t.id === e.target.value)!;
                store.getState().setCode(template.code, template.id, template.language);
              }}
            >
              {TEMPLATES.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.title}
                </option>
              ))}
            </select>
          </div>
          <LambdaEditor
            language={project.language}
            value={project.code}
            onChange={(code) => store.getState().setCode(code)}
            onRun={() => void run()}
            onSave={() => void save()}
            errors={outcome?.compileErrors ?? []}
          />
          {outcome && outcome.compileErrors.length > 0 && (
            <pre className="error compile-errors" data-testid="compile-errors">
              {outcome.compileErrors.map((e) => `${e.file}:${e.line ?? "?"}:${e.column ?? "?"}: ${e.text}`).join("\n")}
            </pre>
          )}
        </div>
        <div className="column right">
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
            <button
              type="button"
              data-testid="run-button"
              disabled={busy}
              onClick={() => void run()}
              title="Ctrl/Cmd+Enter"
            >
              {busy ? "Running…" : "Run ▶"}
            </button>
            <span className={`badge status-${status}`} data-testid="run-status" data-run-seq={runSeq}>
              {status}
            </span>
            {status === "running" && runProgress && (
              <span className="status" data-testid="run-progress">
                {runProgress}
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
                  value={project.timeoutS}
                  data-testid="timeout-input"
                  onChange={(e) => store.getState().setTimeoutS(Number(e.target.value))}
                />
                s
              </label>
            )}
          </div>
          <div className="controls" data-testid="lambda-type-controls">
            <label title="handlers: Luna-Handlers sends the images as msgpack; standalone: any request body">
              lambda type
              <select
                data-testid="lambda-type"
                value={project.lambdaType}
                onChange={(e) => store.getState().setLambdaType(e.target.value as LambdaType)}
              >
                <option value="handlers">handlers</option>
                <option value="standalone">standalone</option>
              </select>
            </label>
            {project.lambdaType === "standalone" && (
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
            )}
          </div>
          {project.lambdaType === "standalone" && (
            <div className="standalone-body">
              <textarea
                data-testid="standalone-body"
                aria-label="request body"
                rows={4}
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
                  void openLambdaSpec().catch((e: Error) => setMessage({ kind: "error", text: e.message }))
                }
              >
                OpenAPI
              </button>
            </p>
          )}
          {webgpuFallback && (
            <p className="warning" data-testid="webgpu-fallback">
              WebGPU was not used ({outcome.fallbackReason ?? "no adapter"}); this run used WASM.
            </p>
          )}
          {outcome && outcome.wasmFallbacks.length > 0 && (
            <p className="warning" data-testid="webgpu-partial">
              WebGPU ran; {outcome.wasmFallbacks.length} model(s) run on WASM instead, because on this GPU their WebGPU
              kernels failed or disagreed with WASM: {outcome.wasmFallbacks.join("; ")}
            </p>
          )}
          {outcome && outcome.status !== null && (
            <p>
              HTTP <strong data-testid="reply-status">{outcome.status}</strong>
            </p>
          )}
          {outcome && outcome.status !== null && <ReplyTree body={outcome.body} />}
          {outcome && <TimingBar timings={outcome.timings} />}
          <h3>Logs</h3>
          <LogView logs={busy ? liveLogs : (outcome?.logs ?? liveLogs)} />
          <h3>Models</h3>
          <ModelsPanel
            view={models}
            progress={progress}
            loading={modelsLoading}
            onLoad={() =>
              void refreshModels(project.target, "all").catch((e: Error) =>
                setMessage({ kind: "error", text: e.message }),
              )
            }
            maskModel={project.maskModel}
            onMaskModel={setMaskModel}
          />
          <p className="hint">Samples: {SAMPLES.map((s) => s.title).join(", ")} — public domain.</p>
        </div>
      </div>
    </main>
  );
}
