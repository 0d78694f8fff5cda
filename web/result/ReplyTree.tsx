/**
 * The lambda's reply as a collapsible JSON tree — expand all / collapse all, a search that opens
 * and marks what matches, a raw view — with copy buttons (whole reply and every object) and the
 * raw JSON on the element (`data-json`) for tools. Bytes show as base64, as the server's JSON would
 * carry them. Ids Luna objects are known by (face_id, event_id…) open the data browser.
 */
import { useMemo, useState } from "react";
import { withBase64Bytes } from "../../shared/luna/schemas/common.ts";
import type { DataRef } from "../state/runStore.ts";
import { dataRefFor } from "../data/dataRefs.ts";
import { subtreeMatches } from "./replySearch.ts";

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

interface TreeView {
  /** "all" / "none": expand-all / collapse-all was pressed last; null: the default depth. */
  expand: "all" | "none" | null;
  /** Bumped by each expand/collapse press, so the <details> remount with the new default. */
  generation: number;
  query: string;
  onId(ref: DataRef): void;
}

function Node({
  name,
  parent,
  value,
  depth,
  view,
}: {
  name: string | null;
  /** The key of the object or array holding this one (an array's items are ids when the array is e.g. `samples`). */
  parent?: string;
  value: unknown;
  depth: number;
  view: TreeView;
}) {
  const query = view.query.toLowerCase();
  const hit = query !== "" && name !== null && name.toLowerCase().includes(query);
  const key = name === null ? null : <span className={`json-key${hit ? " json-hit" : ""}`}>{name}: </span>;
  if (value === null || typeof value !== "object") {
    const text =
      typeof value === "string"
        ? JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value)
        : String(value);
    const ref = name !== null ? dataRefFor(name, value, parent) : null;
    const valueHit = query !== "" && String(value).toLowerCase().includes(query);
    const leafClass = `json-${value === null ? "null" : typeof value}${valueHit ? " json-hit" : ""}`;
    return (
      <div className="json-leaf" data-testid={valueHit || hit ? "json-match" : undefined}>
        {key}
        {ref ? (
          <button
            type="button"
            className={`link ${leafClass}`}
            data-testid="reply-id"
            title={`show this ${ref.kind} in the data browser`}
            onClick={() => view.onId(ref)}
          >
            {text}
          </button>
        ) : (
          <span className={leafClass}>{text}</span>
        )}
      </div>
    );
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  const summary = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
  // A search opens every object on the way to a match; otherwise expand/collapse-all or four levels.
  const open =
    query !== ""
      ? subtreeMatches(value, query)
      : view.expand === "all"
        ? true
        : view.expand === "none"
          ? depth === 0
          : depth < 4;
  return (
    <details open={open} className="json-node" key={`${view.generation}:${query !== ""}`}>
      <summary>
        {key}
        <span className="json-summary">{summary}</span> <CopyButton value={value} />
      </summary>
      <div className="json-children">
        {entries.map(([k, v]) => (
          <Node key={k} name={k} parent={name ?? undefined} value={v} depth={depth + 1} view={view} />
        ))}
      </div>
    </details>
  );
}

export function ReplyTree({ body, onId }: { body: unknown; onId(ref: DataRef): void }) {
  const json = useMemo(() => withBase64Bytes(body), [body]);
  const [mode, setMode] = useState<"tree" | "raw">("tree");
  const [expand, setExpand] = useState<{ expand: TreeView["expand"]; generation: number }>({
    expand: null,
    generation: 0,
  });
  const [query, setQuery] = useState("");
  const raw = useMemo(() => JSON.stringify(json, null, 2), [json]);
  return (
    <div className="reply-tree" data-testid="reply-json" data-json={JSON.stringify(json)}>
      <div className="controls reply-tools">
        <CopyButton value={json} label="copy reply" />
        <button
          type="button"
          className="secondary"
          data-testid="reply-expand-all"
          onClick={() => setExpand((e) => ({ expand: "all", generation: e.generation + 1 }))}
        >
          expand all
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="reply-collapse-all"
          onClick={() => setExpand((e) => ({ expand: "none", generation: e.generation + 1 }))}
        >
          collapse
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="reply-raw-toggle"
          aria-pressed={mode === "raw"}
          onClick={() => setMode(mode === "raw" ? "tree" : "raw")}
        >
          {mode === "raw" ? "tree" : "raw"}
        </button>
        <input
          type="search"
          placeholder="search keys and values"
          aria-label="search the reply"
          data-testid="reply-search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
      </div>
      {mode === "raw" ? (
        <pre className="reply-raw" data-testid="reply-raw">
          {raw}
        </pre>
      ) : (
        <Node name={null} value={json} depth={0} view={{ ...expand, query: query.trim(), onId }} />
      )}
    </div>
  );
}
