/** The handlers request as structured, editable data (issue 14 item 3; being built). */
import type { ProjectStore } from "../state/projectStore.ts";
import type { RunStore } from "../state/runStore.ts";

export function RequestPanel(_props: { store: ProjectStore; runs: RunStore }) {
  return (
    <div className="tab-body" data-testid="request-editor">
      <p className="hint">The request's fields, headers and query will be edited here.</p>
    </div>
  );
}
