/**
 * The left pane: what the lambda receives and what it left behind — Images (the sources and
 * their boxes, the overlays), Request (every other field, headers, query, the msgpack), Test events
 * (saved requests with golden replies) and Data (the account's faces, lists, events, samples).
 */
import { useEffect, useState } from "react";
import { useStore } from "zustand";
import { DataBrowser } from "../data/DataBrowser.tsx";
import { RequestPanel } from "../request/RequestPanel.tsx";
import { SavedRequestsPanel } from "../request/SavedRequestsPanel.tsx";
import type { RunController } from "../run/runController.ts";
import type { ProjectStore } from "../state/projectStore.ts";
import type { RunStore } from "../state/runStore.ts";
import { ImagesColumn } from "./ImagesColumn.tsx";

const TABS = [
  ["images", "Images"],
  ["request", "Request"],
  ["tests", "Test events"],
  ["data", "Data"],
] as const;
type Tab = (typeof TABS)[number][0];

export function RequestColumn({
  store,
  runs,
  controller,
}: {
  store: ProjectStore;
  runs: RunStore;
  controller: RunController;
}) {
  const [tab, setTab] = useState<Tab>("images");
  // An id clicked in a reply opens the data browser on it.
  const focus = useStore(runs, (s) => s.dataFocus);
  useEffect(() => {
    if (focus) setTab("data");
  }, [focus]);
  return (
    <>
      <div className="tabs" role="tablist">
        {TABS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            className={`tab${tab === id ? " active" : ""}`}
            data-testid={`tab-${id}`}
            onClick={() => setTab(id)}
          >
            {label}
          </button>
        ))}
      </div>
      {tab === "images" && <ImagesColumn store={store} runs={runs} controller={controller} />}
      {tab === "request" && <RequestPanel store={store} runs={runs} />}
      {tab === "tests" && <SavedRequestsPanel store={store} runs={runs} controller={controller} />}
      {tab === "data" && <DataBrowser runs={runs} />}
    </>
  );
}
