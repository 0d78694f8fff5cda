/**
 * First playground page: pick an image, choose estimations, see faces drawn over the image and the
 * Remote SDK reply. (The full playground — editor, lambdas, browser inference — grows from here.)
 */
import { useEffect, useMemo, useState } from "react";
import { sdkFlagsFromQuery, sdkQuerySchema, supportedSdkFlags, type SdkReply } from "../shared/luna/schemas/sdk.ts";
import { withBase64Bytes } from "../shared/luna/schemas/common.ts";
import { callRemoteSdk } from "./api/remoteSdk.ts";
import { InferenceClient } from "./runtime/inferenceClient.ts";
import { encodeHandlersRequest } from "../shared/lambda/requestBuilder.ts";
import { runOnServer } from "./api/lambdaService.ts";
import { LambdaEditor } from "./editor/LambdaEditor.tsx";
import { TEMPLATES } from "./editor/templates.ts";
import { UserBoxes, useUserBoxDrawing, type UserBox } from "./canvas/UserBoxes.tsx";

type RunTarget = "server" | "browser-wasm" | "browser-webgpu";
const inference = new InferenceClient();


// Mask needs a user model and the warp is binary: the page offers the rest.
const FLAGS = supportedSdkFlags.filter((f) => !["detect_face", "estimate_mask", "estimate_face_warp"].includes(f));

export function App() {
  const [file, setFile] = useState<File | null>(null);
  const [userBoxes, setUserBoxes] = useState<UserBox[]>([]);
  const [flags, setFlags] = useState<Set<string>>(new Set(["estimate_landmarks5", "estimate_emotions"]));
  const [reply, setReply] = useState<SdkReply | null>(null);
  const [timing, setTiming] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [target, setTarget] = useState<RunTarget>("server");
  const [status, setStatus] = useState<"idle" | "running" | "done" | "error">("idle");
  const [backendUsed, setBackendUsed] = useState("");
  const [runMs, setRunMs] = useState<{ total: number; load: number } | null>(null);
  const [templateId, setTemplateId] = useState("02-emotions");
  const [code, setCode] = useState(() => TEMPLATES.find((t) => t.id === "02-emotions")?.code ?? TEMPLATES[0]!.code);
  const [lambdaReply, setLambdaReply] = useState<{ status: number; body: unknown } | null>(null);
  const [lambdaBusy, setLambdaBusy] = useState(false);

  async function runLambda() {
    if (!file || lambdaBusy) return;
    setLambdaBusy(true);
    try {
      // Drawn boxes become the source's face_detection_data.
      const request = encodeHandlersRequest([{ filename: file.name, body: new Uint8Array(await file.arrayBuffer()), boxes: userBoxes }]);
      const result = await runOnServer(code, request);
      setLambdaReply({ status: result.status, body: result.body });
    } catch (e) {
      setLambdaReply({ status: 0, body: { error: (e as Error).message } });
    } finally {
      setLambdaBusy(false);
    }
  }
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  const url = useMemo(() => (file ? URL.createObjectURL(file) : null), [file]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);

  async function run() {
    if (!file) return;
    setBusy(true);
    setError(null);
    setStatus("running");
    try {
      const query = new URLSearchParams([...flags].map((f) => [f, "1"]));
      const started = performance.now();
      if (target === "server") {
        const result = await callRemoteSdk(file, query);
        setRunMs({ total: performance.now() - started, load: 0 });
        setReply(result.reply);
        setTiming(`${result.backend} · ${result.serverTiming}`);
        setBackendUsed("onnxruntime-node");
      } else {
        const sdkFlags = sdkFlagsFromQuery(sdkQuerySchema.parse(Object.fromEntries(query)));
        const body = new Uint8Array(await file.arrayBuffer());
        const result = await inference.estimate(target, [{ filename: file.name, body }], sdkFlags);
        // The first run in a worker includes loading the models (loadMs, reported once per backend).
        setRunMs({ total: performance.now() - started, load: result.loadMs });
        setReply(withBase64Bytes(result.result.reply) as SdkReply); // bytes shown as base64, as the server's JSON has them
        const stages = Object.entries(result.result.timings).filter(([, ms]) => ms > 0).map(([k, ms]) => `${k} ${ms.toFixed(1)} ms`);
        const fallback = result.fallbackReason ? ` (WebGPU not used: ${result.fallbackReason})` : "";
        setTiming(`${result.backend}${fallback} · total ${(performance.now() - started).toFixed(0)} ms · ${stages.join(", ")}`);
        setBackendUsed(result.backend);
      }
      setStatus("done");
    } catch (e) {
      setError((e as Error).message);
      setReply(null);
      setStatus("error");
    } finally {
      setBusy(false);
    }
  }

  const faces = reply?.images_estimations[0]?.estimations ?? [];
  const drawing = useUserBoxDrawing({
    size: size ?? { w: 1, h: 1 },
    onAdd: (box) => setUserBoxes((boxes) => [...boxes, { ...box, id: crypto.randomUUID() }]),
  });
  return (
    <main>
      <header>
        <h1>Luna lambda playground</h1>
        <p>Remote SDK on real ONNX models. Pick a photo and run the estimations.</p>
      </header>
      <section className="controls">
        <input data-testid="image-input" type="file" accept="image/jpeg,image/png,image/webp" onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setUserBoxes([]);
          }} />
        {FLAGS.map((f) => (
          <label key={f}>
            <input
              type="checkbox"
              checked={flags.has(f)}
              onChange={(e) => {
                const next = new Set(flags);
                if (e.target.checked) next.add(f);
                else next.delete(f);
                setFlags(next);
              }}
            />
            {f.replace("estimate_", "")}
          </label>
        ))}
        <select data-testid="run-target" value={target} onChange={(e) => setTarget(e.target.value as RunTarget)}>
          <option value="server">Server</option>
          <option value="browser-wasm">Browser · WASM</option>
          <option value="browser-webgpu">Browser · WebGPU</option>
        </select>
        <button data-testid="run-button" disabled={!file || busy} onClick={run}>
          {busy ? "Running…" : "Run /sdk"}
        </button>
        <span data-testid="run-status" className="status">{status}</span>
        <span data-testid="backend-used" className="status">{backendUsed}</span>
      </section>
      {error && <p className="error" data-testid="error">{error}</p>}
      <section className="lambda">
        <div className="controls">
          <strong>lambda_main.ts</strong>
          <select
            data-testid="template-select"
            value={templateId}
            onChange={(e) => {
              const template = TEMPLATES.find((t) => t.id === e.target.value)!;
              setTemplateId(template.id);
              setCode(template.code);
            }}
          >
            {TEMPLATES.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </select>
          <button data-testid="lambda-run-button" disabled={!file || lambdaBusy} onClick={runLambda} title="Ctrl/Cmd+Enter">
            {lambdaBusy ? "Running…" : "Run lambda on the server"}
          </button>
          {lambdaReply && <span data-testid="reply-status" className="status">HTTP {lambdaReply.status}</span>}
        </div>
        <div className="lambda-grid">
          <LambdaEditor value={code} onChange={setCode} onRun={() => void runLambda()} />
          <pre data-testid="lambda-reply-json" data-json={lambdaReply ? JSON.stringify(lambdaReply.body) : ""}>
            {lambdaReply ? JSON.stringify(lambdaReply.body, null, 2) : "Pick a photo, choose a template and run (Ctrl/Cmd+Enter)."}
          </pre>
        </div>
      </section>
      <section className="result">
        {url && (
          <div className="stage" data-testid="image-stage">
            <img src={url} alt="input" onLoad={(e) => setSize({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })} />
            {size && (
              <svg viewBox={`0 0 ${size.w} ${size.h}`} preserveAspectRatio="none" {...drawing.handlers}>
                <UserBoxes boxes={userBoxes} draft={drawing.draft} onDelete={(id) => setUserBoxes((boxes) => boxes.filter((b) => b.id !== id))} />
                {faces.map(({ face: { detection: d } }, i) => (
                  <g key={i}>
                    <rect
                      x={d.rect.x}
                      y={d.rect.y}
                      width={d.rect.width}
                      height={d.rect.height}
                      className="box"
                      data-testid="face-box"
                      data-x={d.rect.x}
                      data-y={d.rect.y}
                      data-width={d.rect.width}
                      data-height={d.rect.height}
                      data-source="detector"
                    />
                    <text x={d.rect.x} y={d.rect.y - 4}>{d.score.toFixed(3)}</text>
                    {(d.landmarks68 ?? d.landmarks5 ?? []).map(([x, y], k) => (
                      <circle key={k} cx={x} cy={y} r={Math.max(1.5, size.w / 300)} />
                    ))}
                  </g>
                ))}
              </svg>
            )}
          </div>
        )}
        {reply && (
          <div className="reply">
            <p className="timing" data-testid="run-timing" data-total-ms={runMs?.total ?? ""} data-load-ms={runMs?.load ?? ""}>
              {timing}
            </p>
            <pre data-testid="reply-json" data-json={JSON.stringify(reply)}>
              {JSON.stringify(reply, (k, v) => (k === "sdk_descriptor" || k === "warp" ? `${String(v).slice(0, 24)}…` : v), 2)}
            </pre>
          </div>
        )}
      </section>
    </main>
  );
}
