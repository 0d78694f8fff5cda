/** The account's faces, lists, events and samples (issue 14 item 9; being built). */
import type { RunStore } from "../state/runStore.ts";

export function DataBrowser(_props: { runs: RunStore }) {
  return (
    <div className="tab-body" data-testid="data-browser">
      <p className="hint">What the lambdas stored for this account will be listed here.</p>
    </div>
  );
}
