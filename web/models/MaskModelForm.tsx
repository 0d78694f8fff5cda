/**
 * The lambda's models/ folder: the user's mask classifier (ONNX + manifest). It goes to the
 * server's models API (checked there fully), the browser engine, and the lambda's files as
 * models/mask.onnx + models/mask.json — what the API, the export and estimate_mask read.
 */
import { useState } from "react";
import type { UserModelFile } from "../state/projectStore.ts";
import { MANIFEST_EXAMPLE } from "./manifestExample.ts";

export function MaskModelForm(props: {
  maskModel: UserModelFile | null;
  onMaskModel(model: UserModelFile | null): Promise<void>;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [manifest, setManifest] = useState(props.maskModel?.manifest ?? MANIFEST_EXAMPLE);
  const [error, setError] = useState<string | null>(null);
  return (
    <section className="user-model" data-testid="lambda-models">
      <h3>models/ · mask classifier (your ONNX model){props.maskModel ? `: ${props.maskModel.filename}` : ": none"}</h3>
      {props.maskModel && (
        <ul className="file-list" data-testid="lambda-model-files">
          <li>
            <code>models/mask.onnx</code> · {(props.maskModel.bytes.length / 1e6).toFixed(2)} MB (
            {props.maskModel.filename})
          </li>
          <li>
            <code>models/mask.json</code> · the manifest
          </li>
        </ul>
      )}
      <p className="hint">
        No mask model ships with the playground. Add one with its manifest; it is used by estimate_mask and
        engine.estimateMask, and exported with the lambda.
      </p>
      <input
        type="file"
        accept=".onnx"
        data-testid="mask-model-file"
        onChange={(e) => setFile(e.target.files?.[0] ?? null)}
      />
      <textarea
        data-testid="mask-model-manifest"
        rows={6}
        value={manifest}
        onChange={(e) => setManifest(e.target.value)}
      />
      <div className="controls">
        <button
          type="button"
          disabled={!file}
          data-testid="mask-model-add"
          onClick={async () => {
            setError(null);
            try {
              await props.onMaskModel({
                filename: file!.name,
                bytes: new Uint8Array(await file!.arrayBuffer()),
                manifest,
              });
            } catch (e) {
              setError((e as Error).message);
            }
          }}
        >
          Add model
        </button>
        {props.maskModel && (
          <button
            type="button"
            data-testid="mask-model-remove"
            onClick={() => void props.onMaskModel(null).catch((e: Error) => setError(e.message))}
          >
            Remove
          </button>
        )}
      </div>
      {error && (
        <p className="error" data-testid="mask-model-error">
          {error}
        </p>
      )}
    </section>
  );
}
