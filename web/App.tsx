/**
 * First playground page: pick an image, choose estimations, see faces drawn over the image and the
 * Remote SDK reply. (The full playground — editor, lambdas, browser inference — grows from here.)
 */
import { useEffect, useMemo, useState } from "react";
import { supportedSdkFlags, type SdkReply } from "../shared/luna/schemas/sdk.ts";
import { callRemoteSdk } from "./api/remoteSdk.ts";

// Mask needs a user model and the warp is binary: the page offers the rest.
const FLAGS = supportedSdkFlags.filter((f) => !["detect_face", "estimate_mask", "estimate_face_warp"].includes(f));

export function App() {
  const [file, setFile] = useState<File | null>(null);
  const [flags, setFlags] = useState<Set<string>>(new Set(["estimate_landmarks5", "estimate_emotions"]));
  const [reply, setReply] = useState<SdkReply | null>(null);
  const [timing, setTiming] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  const url = useMemo(() => (file ? URL.createObjectURL(file) : null), [file]);
  useEffect(() => () => (url ? URL.revokeObjectURL(url) : undefined), [url]);

  async function run() {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      const query = new URLSearchParams([...flags].map((f) => [f, "1"]));
      const result = await callRemoteSdk(file, query);
      setReply(result.reply);
      setTiming(`${result.backend} · ${result.serverTiming}`);
    } catch (e) {
      setError((e as Error).message);
      setReply(null);
    } finally {
      setBusy(false);
    }
  }

  const faces = reply?.images_estimations[0]?.estimations ?? [];
  return (
    <main>
      <header>
        <h1>Luna lambda playground</h1>
        <p>Remote SDK on real ONNX models. Pick a photo and run the estimations.</p>
      </header>
      <section className="controls">
        <input data-testid="image-input" type="file" accept="image/jpeg,image/png,image/webp" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
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
        <button data-testid="run-button" disabled={!file || busy} onClick={run}>
          {busy ? "Running…" : "Run /sdk"}
        </button>
      </section>
      {error && <p className="error" data-testid="error">{error}</p>}
      <section className="result">
        {url && (
          <div className="stage" data-testid="image-stage">
            <img src={url} alt="input" onLoad={(e) => setSize({ w: e.currentTarget.naturalWidth, h: e.currentTarget.naturalHeight })} />
            {size && (
              <svg viewBox={`0 0 ${size.w} ${size.h}`} preserveAspectRatio="none">
                {faces.map(({ face: { detection: d } }, i) => (
                  <g key={i}>
                    <rect x={d.rect.x} y={d.rect.y} width={d.rect.width} height={d.rect.height} className="box" data-testid="face-box" />
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
            <p className="timing">{timing}</p>
            <pre data-testid="reply-json">{JSON.stringify(reply, (k, v) => (k === "sdk_descriptor" ? `${String(v).slice(0, 24)}…` : v), 2)}</pre>
          </div>
        )}
      </section>
    </main>
  );
}
