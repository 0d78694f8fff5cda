import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import { TEMPLATES } from "./editor/templates.ts";
import { loadStoredProject, persistProject } from "./state/persistence.ts";
import { createProjectStore } from "./state/projectStore.ts";
import "./styles.css";

// The stored project (IndexedDB) first, so the page opens where the user left it.
const FIRST_TEMPLATE = TEMPLATES.find((t) => t.id === "02-emotions") ?? TEMPLATES[0]!;
void loadStoredProject().then((stored) => {
  const store = createProjectStore(stored ?? { code: FIRST_TEMPLATE.code, templateId: FIRST_TEMPLATE.id });
  // `data-project-saved` on <html>: "true" once every change is in IndexedDB (the e2e tests wait for it).
  const root = document.documentElement;
  root.dataset.projectSaved = "true";
  persistProject(store, 300, (saved) => {
    root.dataset.projectSaved = String(saved);
  });
  createRoot(document.getElementById("root")!).render(
    <StrictMode>
      <App store={store} />
    </StrictMode>,
  );
});
