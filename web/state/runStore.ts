/**
 * What the page is doing now and what its runs gave: the run's status, live logs, the last outcome,
 * the overlay pass, messages, and the run history. Not persisted (the project store is the user's
 * work; this is the session's), a vanilla zustand store so the run controller can drive it without
 * React.
 */
import { createStore } from "zustand/vanilla";
import type { Problem } from "../editor/problems.ts";
import type { Analysis } from "../run/analysis.ts";
import type { RunOutcome } from "../run/runProject.ts";
import type { RunTarget } from "./projectStore.ts";

export type RunStatus = "idle" | "running" | "done" | "error";

export interface PageMessage {
  kind: "error" | "info";
  text: string;
  /** A button the message offers: "run-anyway" after a run was stopped by type errors. */
  action?: "run-anyway";
}

/** One finished run, as the history and the diff view show it. */
export interface RunRecord {
  /** 1, 2, 3… in this page session. */
  seq: number;
  target: RunTarget;
  /** What ran on it (the browser's backend may differ from the target: WebGPU → WASM). */
  backend: string;
  startedAt: number;
  durationMs: number;
  /** HTTP status; null when the lambda did not compile. */
  status: number | null;
  body: unknown;
  /** The saved test request it ran, when it was one. */
  requestName: string | null;
  compileErrors: number;
}

export interface AnalysisView extends Analysis {
  target: RunTarget;
  ms: number;
  seq: number;
  /** The images (ids, in order) this pass looked at. */
  imageIds: string[];
}

export const HISTORY_KEPT = 50;

export interface RunState {
  status: RunStatus;
  /** Finished runs so far: lets tools tell this run's "done" from the previous one's. */
  runSeq: number;
  /** What a run is doing before main starts (loading Python…, building on the server…). */
  progress: string | null;
  outcome: RunOutcome | null;
  liveLogs: RunOutcome["logs"];
  analysis: AnalysisView | null;
  /** Overlay passes so far (never reset: tools wait for it to change). */
  analysisSeq: number;
  message: PageMessage | null;
  /** Newest first, at most HISTORY_KEPT. */
  history: RunRecord[];
  /** History entries picked for the diff view (seq numbers, at most two). */
  picked: number[];
  /** The editor's diagnostics and the Python syntax check, across the files. */
  problems: Problem[];
  /** An id picked in a reply (face_id, event_id…) for the data browser to show; null when none. */
  dataFocus: DataRef | null;
}

/** A Luna object a reply names by id. */
export interface DataRef {
  kind: "face" | "event" | "list" | "sample" | "attribute";
  id: string;
}

export interface RunActions {
  started(): void;
  finished(outcome: RunOutcome | null, record: Omit<RunRecord, "seq"> | null, failed: boolean): void;
  log(record: RunOutcome["logs"][number]): void;
  setProgress(text: string | null): void;
  setAnalysis(analysis: Omit<AnalysisView, "seq"> | null): void;
  setMessage(message: PageMessage | null): void;
  /** A new project (opened, or a template draft): the previous one's outcome and overlays no longer apply. */
  projectReplaced(): void;
  togglePicked(seq: number): void;
  clearHistory(): void;
  setProblems(source: string, problems: Problem[]): void;
  /** Shows an object in the data browser (the left pane's Data tab opens). */
  openData(ref: DataRef | null): void;
}

export type RunStore = ReturnType<typeof createRunStore>;

export function createRunStore() {
  return createStore<RunState & RunActions>()((set) => ({
    status: "idle",
    runSeq: 0,
    progress: null,
    outcome: null,
    liveLogs: [],
    analysis: null,
    analysisSeq: 0,
    message: null,
    history: [],
    picked: [],
    problems: [],
    dataFocus: null,

    started() {
      set({ status: "running", progress: null, message: null, liveLogs: [] });
    },
    finished(outcome, record, failed) {
      set((s) => {
        const seq = (s.history[0]?.seq ?? 0) + 1;
        return {
          status: failed ? "error" : "done",
          runSeq: s.runSeq + 1,
          progress: null,
          outcome,
          history: record ? [{ ...record, seq }, ...s.history].slice(0, HISTORY_KEPT) : s.history,
        };
      });
    },
    log(record) {
      set((s) => ({ liveLogs: [...s.liveLogs, record] }));
    },
    setProgress(progress) {
      set({ progress });
    },
    setAnalysis(analysis) {
      set((s) =>
        analysis
          ? { analysis: { ...analysis, seq: s.analysisSeq + 1 }, analysisSeq: s.analysisSeq + 1 }
          : { analysis: null },
      );
    },
    setMessage(message) {
      set({ message });
    },
    projectReplaced() {
      set({ status: "idle", outcome: null, analysis: null, liveLogs: [], progress: null });
    },
    togglePicked(seq) {
      set((s) => ({
        picked: s.picked.includes(seq) ? s.picked.filter((p) => p !== seq) : [...s.picked, seq].slice(-2),
      }));
    },
    clearHistory() {
      set({ history: [], picked: [] });
    },
    openData(dataFocus) {
      set({ dataFocus });
    },
    setProblems(source, problems) {
      // Each reporter replaces its own entries (Monaco's markers, the Python check).
      set((s) => ({ problems: [...s.problems.filter((p) => p.source !== source), ...problems] }));
    },
  }));
}
