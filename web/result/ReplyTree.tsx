/**
 * The lambda's reply as a collapsible JSON tree with copy buttons (whole reply and every object),
 * and the raw JSON on the element (`data-json`) for tools. Bytes show as base64, as the server's
 * JSON would carry them.
 */
import { useState } from "react";
import { withBase64Bytes } from "../../shared/luna/schemas/common.ts";

function CopyButton({ value, label = "copy" }: { value: unknown; label?: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      className="copy"
      onClick={(event) => {
        event.preventDefault();
        void navigator.clipboard?.writeText(JSON.stringify(value, null, 2)).then(() => {
          setDone(true);
          setTimeout(() => setDone(false), 1200);
        });
      }}
    >
      {done ? "copied" : label}
    </button>
  );
}

function Node({ name, value, depth }: { name: string | null; value: unknown; depth: number }) {
  const key = name === null ? null : <span className="json-key">{name}: </span>;
  if (value === null || typeof value !== "object") {
    const text =
      typeof value === "string"
        ? JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value)
        : String(value);
    return (
      <div className="json-leaf">
        {key}
        <span className={`json-${value === null ? "null" : typeof value}`}>{text}</span>
      </div>
    );
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <details open={depth < 4} className="json-node">
      <summary>
        {key}
        <span className="json-summary">{summary}</span> <CopyButton value={value} />
      </summary>
      <div className="json-children">
        {entries.map(([k, v]) => (
          <Node key={k} name={k} value={v} depth={depth + 1} />
        ))}
      </div>
    </details>
  );
}

export function ReplyTree({ body }: { body: unknown }) {
  const json = withBase64Bytes(body);
  return (
    <div className="reply-tree" data-testid="reply-json" data-json={JSON.stringify(json)}>
      <CopyButton value={json} label="copy reply" />
      <Node name={null} value={json} depth={0} />
    </div>
  );
}
