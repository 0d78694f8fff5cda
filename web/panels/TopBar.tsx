/**
 * The header: the project's name (the lambda's, the export's and the saved file's), the projects
 * menu (every draft stays there), save / open / export, settings, and links to the API docs and
 * the README.
 */
import { useStore } from "zustand";
import { exportProject } from "../api/exportApi.ts";
import { TEMPLATES } from "../editor/templates.ts";
import { slugOf } from "../state/lambdaName.ts";
import { fromProjectFile, toProjectFile } from "../state/projectFile.ts";
import { projectFromArchive } from "../state/projectFromArchive.ts";
import type { ProjectStore } from "../state/projectStore.ts";
import type { RunStore } from "../state/runStore.ts";
import type { Workspace } from "../state/workspace.ts";
import { download } from "./download.ts";

export function TopBar({
  store,
  runs,
  workspace,
  savedAt,
  onSettings,
  onHelp,
}: {
  store: ProjectStore;
  runs: RunStore;
  workspace: Workspace;
  savedAt: string | null;
  onSettings(): void;
  onHelp(): void;
}) {
  const name = useStore(store, (s) => s.name);
  const outcome = useStore(runs, (s) => s.outcome);
  // Re-read on every change of the open project (its name and time move it to the top).
  useStore(store);
  const projects = workspace.library.entries();
  const say = (kind: "error" | "info", text: string) => runs.getState().setMessage({ kind, text });

  return (
    <header className="topbar">
      <h1>Luna lambda playground</h1>
      <input
        className="project-name"
        aria-label="project name"
        data-testid="project-name"
        value={name}
        maxLength={120}
        onChange={(e) => store.getState().setName(e.target.value)}
      />
      <select
        aria-label="projects"
        data-testid="project-list"
        value={workspace.library.currentId}
        onChange={(e) => {
          if (e.target.value === "new") {
            void workspace.newProject(TEMPLATES[0]!);
            return;
          }
          workspace.switchTo(e.target.value).catch((error: Error) => say("error", error.message));
        }}
      >
        {!projects.some((p) => p.id === workspace.library.currentId) && (
          <option value={workspace.library.currentId}>{name}</option>
        )}
        {projects.map((p) => (
          <option key={p.id} value={p.id}>
            {p.id === workspace.library.currentId ? name : p.name} · {new Date(p.updatedAt).toLocaleString()}
          </option>
        ))}
        <option value="new">+ new project</option>
      </select>
      <div className="controls">
        <button
          type="button"
          data-testid="save-project"
          title="Download the project (code, images, boxes, settings) as a file"
          onClick={() => {
            download(
              `${slugOf(store.getState().name)}.lunaplay.json`,
              new Blob([JSON.stringify(toProjectFile(store.getState()))], { type: "application/json" }),
            );
            store.getState().markSaved();
          }}
        >
          Save project
        </button>
        <label className="file-button">
          Open project…
          <input
            type="file"
            accept=".json,application/json,.zip,application/zip"
            data-testid="open-project-input"
            onChange={async (e) => {
              const file = e.target.files?.[0];
              e.target.value = "";
              if (!file) return;
              runs.getState().setMessage(null);
              try {
                // A project file (JSON), or a lambda zip such as an exported project: a new project either way.
                const isZip = file.name.endsWith(".zip") || file.type === "application/zip";
                const state = isZip
                  ? await projectFromArchive(new Uint8Array(await file.arrayBuffer()), store.getState(), file.name)
                  : fromProjectFile(JSON.parse(await file.text()));
                await workspace.openState(state);
                say("info", `opened ${file.name}`);
              } catch (error) {
                say("error", (error as Error).message);
              }
            }}
          />
        </label>
        <button
          type="button"
          data-testid="export-button"
          onClick={async () => {
            try {
              // Only a server run's reply is what the exported runtime (onnxruntime-node) reproduces; otherwise the server runs the request once.
              const serverReply =
                outcome && outcome.status !== null && outcome.backend === "onnxruntime-node"
                  ? { status: outcome.status, body: outcome.body }
                  : null;
              const exported = await exportProject(store.getState(), serverReply);
              download(exported.filename, exported.blob);
            } catch (error) {
              say("error", `export failed: ${(error as Error).message}`);
            }
          }}
        >
          Export lambda
        </button>
        <span className="status" data-testid="saved-at">
          {savedAt ? `saved ${savedAt}` : "autosaved"}
        </span>
        <button type="button" className="secondary" data-testid="settings-button" onClick={onSettings}>
          ⚙ Settings
        </button>
        <nav className="links">
          <a href="/docs" target="_blank" rel="noopener" data-testid="docs-link">
            API docs
          </a>
          <a href="/README.md" target="_blank" rel="noopener" data-testid="readme-link">
            README
          </a>
          <button
            type="button"
            className="link"
            data-testid="help-button"
            onClick={onHelp}
            title="Keyboard shortcuts (?)"
          >
            ?
          </button>
        </nav>
      </div>
    </header>
  );
}
