/**
 * Pass or fail of a test event: its latest run (the newest history record carrying its name)
 * against its golden reply — the statuses must be equal and the bodies agree leaf by leaf, numbers
 * within a relative tolerance (web/run/replyDiff.ts), so a golden taken on the Server passes on
 * Browser · WASM although the floats differ in their last digits.
 */
import { diffReplies, repliesAgree, type DiffRow } from "../run/replyDiff.ts";
import type { RunRecord } from "../state/runStore.ts";
import type { GoldenReply } from "../state/savedRequest.ts";

/** |a − b| ≤ 1 % of the larger: the history diff's default, enough for Server vs WASM floats. */
export const GOLDEN_TOLERANCE = 0.01;

export type Verdict =
  /** Never run in this session. */
  | { kind: "none" }
  /** Run, but no golden reply to compare with yet. */
  | { kind: "no-golden"; record: RunRecord }
  | { kind: "pass"; record: RunRecord }
  | { kind: "fail"; record: RunRecord; reason: string; rows: DiffRow[] };

/** The newest run of the test event named `name` (history is newest first). */
export function latestRunOf(name: string, history: readonly RunRecord[]): RunRecord | null {
  return history.find((r) => r.requestName === name) ?? null;
}

export function verdictOf(golden: GoldenReply | null, record: RunRecord | null, tolerance = GOLDEN_TOLERANCE): Verdict {
  if (!record) return { kind: "none" };
  if (!golden) return { kind: "no-golden", record };
  if (record.status === null)
    return { kind: "fail", record, reason: `the lambda did not compile (golden: ${golden.status})`, rows: [] };
  if (record.status !== golden.status)
    return { kind: "fail", record, reason: `status ${record.status}, golden ${golden.status}`, rows: [] };
  const rows = diffReplies(golden.body, record.body, tolerance);
  if (repliesAgree(rows)) return { kind: "pass", record };
  const differing = rows.filter((r) => r.kind !== "same" && r.kind !== "close");
  return {
    kind: "fail",
    record,
    reason: `${differing.length} value(s) differ from the golden reply, first ${differing[0]!.path}`,
    rows: differing,
  };
}
