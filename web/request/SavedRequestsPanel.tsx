/** Saved test events with golden replies (issue 14 item 4; being built). */
import type { RunController } from "../run/runController.ts";
import type { ProjectStore } from "../state/projectStore.ts";
import type { RunStore } from "../state/runStore.ts";

export function SavedRequestsPanel(_props: { store: ProjectStore; runs: RunStore; controller: RunController }) {
  return (
    <div className="tab-body">
      <ul data-testid="saved-request-list" />
    </div>
  );
}
