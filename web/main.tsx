import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { TEMPLATES } from "./editor/templates.ts";
import { RunController } from "./run/runController.ts";
import { startPythonSyntaxCheck } from "./runtime/pythonSyntaxCheck.ts";
import { persistProject, ProjectLibrary } from "./state/persistence.ts";
import { createProjectStore } from "./state/projectStore.ts";
import { createRunStore } from "./state/runStore.ts";
import { Workspace } from "./state/workspace.ts";
import "./styles.css";

// The last open project (IndexedDB) first, so the page opens where the user left it.
const FIRST_TEMPLATE = TEMPLATES.find((t) => t.id === "02-emotions") ?? TEMPLATES[0]!;
void ProjectLibrary.open(() => Workspace.draftFrom(FIRST_TEMPLATE, createProjectStore().getState())).then(
  ({ library, state }) => {
    const store = createProjectStore(state);
    const runs = createRunStore();
    const controller = new RunController(store, runs);
    const workspace = new Workspace(store, runs, library);
    startPythonSyntaxCheck(store, runs); // Python's syntax errors in the problems list, as the user types
    // `data-project-saved` on <html>: "true" once every change is in IndexedDB (the e2e tests wait for it).
    const root = document.documentElement;
    root.dataset.projectSaved = "true";
    persistProject(store, library, 300, (saved) => {
      root.dataset.projectSaved = String(saved);
    });
    createRoot(document.getElementById("root")!).render(
      <StrictMode>
        <App store={store} runs={runs} controller={controller} workspace={workspace} />
      </StrictMode>,
    );
  },
);
