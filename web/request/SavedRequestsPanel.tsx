/**
 * Saved test events (issue 14 item 4): the current request saved under a name (a snapshot of its
 * body, headers and query), each one loaded back, renamed, deleted or run on the current target,
 * with its golden reply (taken from its first run, or "accept as golden") and pass/fail of its
 * latest run against it; "Run all" runs them in turn. They are exported as requests/<name>.*.
 */
import { useState } from "react";
import { useStore } from "zustand";
import type { RunController } from "../run/runController.ts";
import type { ProjectStore } from "../state/projectStore.ts";
import type { RunStore } from "../state/runStore.ts";
import type { SavedRequest } from "../state/savedRequest.ts";
import { savedRequestToProject } from "./savedRequestToProject.ts";
import { GOLDEN_TOLERANCE, latestRunOf, type Verdict, verdictOf } from "./savedRequestVerdict.ts";
import "./request.css";

const VERDICT_TEXT: Record<Verdict["kind"], string> = {
  none: "not run",
  "no-golden": "no golden reply",
  pass: "pass",
  fail: "fail",
};

function describe(saved: SavedRequest): string {
  const headers = Object.keys(saved.headers).length;
  const query = Object.keys(saved.query).length;
  return [
    `${saved.lambdaType} · ${saved.body.length.toLocaleString("en")} bytes`,
    headers ? `${headers} header(s)` : "",
    query ? `?${new URLSearchParams(saved.query).toString()}` : "",
  ]
    .filter(Boolean)
    .join(" · ");
}

export function SavedRequestsPanel({
  store,
  runs,
  controller,
}: {
  store: ProjectStore;
  runs: RunStore;
  controller: RunController;
}) {
  const saved = useStore(store, (s) => s.savedRequests);
  const history = useStore(runs, (s) => s.history);
  const busy = useStore(runs, (s) => s.status === "running");
  const [name, setName] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ name: string; to: string } | null>(null);
  const [runningAll, setRunningAll] = useState(false);

  const save = () => {
    const trimmed = name.trim();
    const failure = store.getState().saveRequest(trimmed);
    setProblem(failure);
    if (!failure) setName("");
  };

  /** Runs one test event; its first reply becomes its golden one. */
  const runOne = async (eventName: string) => {
    const outcome = await controller.run({ requestName: eventName });
    const event = store.getState().savedRequests.find((r) => r.name === eventName);
    if (outcome && outcome.status !== null && event && !event.golden)
      store.getState().setGolden(eventName, { status: outcome.status, body: outcome.body });
  };
  const runAll = async () => {
    setRunningAll(true);
    try {
      for (const event of store.getState().savedRequests) await runOne(event.name);
    } finally {
      setRunningAll(false);
    }
  };
  const load = (event: SavedRequest) => {
    try {
      store.setState(savedRequestToProject(event, store.getState()));
      runs.getState().setMessage({ kind: "info", text: `loaded test event ${event.name} into the request` });
    } catch (error) {
      setProblem((error as Error).message);
    }
  };

  const verdicts = saved.map((event) => verdictOf(event.golden, latestRunOf(event.name, history)));
  const passed = verdicts.filter((v) => v.kind === "pass").length;
  const failed = verdicts.filter((v) => v.kind === "fail").length;

  return (
    <div className="tab-body saved-requests-panel" data-testid="saved-requests">
      <p className="hint">
        A test event is the current request (Images and Request tabs) saved under a name. Running one sends it as saved;
        its first reply becomes its golden reply, which later runs must match (numbers within {GOLDEN_TOLERANCE * 100}{" "}
        %). The export carries them as requests/&lt;name&gt;.
      </p>
      <div className="controls">
        <input
          data-testid="saved-request-name"
          aria-label="test event name"
          placeholder="e.g. two-faces"
          value={name}
          aria-invalid={problem !== null}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.key === "Enter" && save()}
        />
        <button type="button" data-testid="saved-request-save" onClick={save}>
          Save request
        </button>
        <button
          type="button"
          data-testid="saved-request-run-all"
          disabled={busy || runningAll || saved.length === 0}
          onClick={() => void runAll()}
        >
          {runningAll ? "Running all…" : "Run all ▶"}
        </button>
        {saved.length > 0 && (
          <span className="status" data-testid="saved-request-summary" data-passed={passed} data-failed={failed}>
            {passed} passed · {failed} failed · {saved.length - passed - failed} not compared
          </span>
        )}
      </div>
      {problem && (
        <p className="error" data-testid="saved-request-error">
          {problem}
        </p>
      )}
      {saved.length === 0 && <p className="hint">No test events yet.</p>}
      <ul className="saved-requests" data-testid="saved-request-list">
        {saved.map((event, index) => {
          const verdict = verdicts[index]!;
          const record = verdict.kind === "none" ? null : verdict.record;
          return (
            <li
              key={event.name}
              className="saved-request"
              data-testid="saved-request"
              data-name={event.name}
              data-verdict={verdict.kind}
            >
              <div className="saved-request-head">
                {renaming?.name === event.name ? (
                  <>
                    <input
                      data-testid="saved-request-rename-input"
                      aria-label="new name"
                      value={renaming.to}
                      onChange={(e) => setRenaming({ name: event.name, to: e.target.value })}
                    />
                    <button
                      type="button"
                      data-testid="saved-request-rename-ok"
                      onClick={() => {
                        const failure = store.getState().renameSavedRequest(event.name, renaming.to.trim());
                        setProblem(failure);
                        if (!failure) setRenaming(null);
                      }}
                    >
                      OK
                    </button>
                  </>
                ) : (
                  <strong data-testid="saved-request-title">{event.name}</strong>
                )}
                <span
                  className={`verdict-${verdict.kind === "no-golden" ? "none" : verdict.kind}`}
                  data-testid="saved-request-verdict"
                >
                  {VERDICT_TEXT[verdict.kind]}
                </span>
                <span className="hint">{describe(event)}</span>
              </div>
              <div className="controls">
                <button
                  type="button"
                  data-testid="saved-request-run"
                  disabled={busy || runningAll}
                  onClick={() => void runOne(event.name)}
                >
                  Run ▶
                </button>
                <button type="button" data-testid="saved-request-load" disabled={busy} onClick={() => load(event)}>
                  Load
                </button>
                <button
                  type="button"
                  data-testid="saved-request-rename"
                  onClick={() => setRenaming({ name: event.name, to: event.name })}
                >
                  Rename
                </button>
                <button
                  type="button"
                  data-testid="saved-request-delete"
                  onClick={() => store.getState().deleteSavedRequest(event.name)}
                >
                  Delete
                </button>
                <button
                  type="button"
                  data-testid="saved-request-accept"
                  disabled={!record || record.status === null}
                  title="The latest run's reply becomes the golden one"
                  onClick={() =>
                    record &&
                    record.status !== null &&
                    store.getState().setGolden(event.name, { status: record.status, body: record.body })
                  }
                >
                  Accept as golden
                </button>
              </div>
              <p className="hint" data-testid="saved-request-golden" data-status={event.golden?.status ?? ""}>
                {event.golden ? `golden: HTTP ${event.golden.status}` : "golden: none yet (the next run sets it)"}
                {record && ` · last run: ${record.target}, HTTP ${record.status ?? "—"}`}
              </p>
              {verdict.kind === "fail" && (
                <div className="error" data-testid="saved-request-diff">
                  {verdict.reason}
                  {verdict.rows.length > 0 && (
                    <ul>
                      {verdict.rows.slice(0, 5).map((row) => (
                        <li key={row.path}>
                          <code>{row.path}</code>: golden {JSON.stringify(row.left) ?? "—"}, got{" "}
                          {JSON.stringify(row.right) ?? "—"}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
