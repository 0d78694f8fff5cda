/**
 * The lambda's files: tabs for lambda_main and its modules (each a Monaco model), lambda.json (its
 * name, type and settings, as the API and the export take them) and models/ (the user's mask
 * classifier); the template picker, which opens a template as a new draft; and the problems list.
 */
import { useState } from "react";
import { useStore } from "zustand";
import { LambdaEditor } from "../editor/LambdaEditor.tsx";
import { TEMPLATES } from "../editor/templates.ts";
import { MaskModelForm } from "../models/MaskModelForm.tsx";
import type { RunController } from "../run/runController.ts";
import { codeFilesOf, mainFileName, type ProjectStore, type UserModelFile } from "../state/projectStore.ts";
import type { RunStore } from "../state/runStore.ts";
import type { Workspace } from "../state/workspace.ts";
import { LambdaJsonEditor } from "./LambdaJsonEditor.tsx";
import { ProblemsList } from "./ProblemsList.tsx";
import { modulePathProblem } from "./modulePath.ts";

const LAMBDA_JSON = "lambda.json";
const MODELS = "models/";

export function EditorColumn({
  store,
  runs,
  controller,
  workspace,
  onRun,
  onSave,
  onMaskModel,
}: {
  store: ProjectStore;
  runs: RunStore;
  controller: RunController;
  workspace: Workspace;
  onRun(): void;
  onSave(): void;
  onMaskModel(model: UserModelFile | null): Promise<void>;
}) {
  const project = useStore(store);
  const outcome = useStore(runs, (s) => s.outcome);
  const [tab, setTab] = useState<string>(mainFileName(project.language));
  const [newModule, setNewModule] = useState<string | null>(null);
  const files = codeFilesOf(project);
  const main = mainFileName(project.language);
  // A tab whose file went away (another project, a removed module) falls back to lambda_main.
  const active = tab === LAMBDA_JSON || tab === MODELS || tab in files ? tab : main;
  const extension = project.language === "python" ? ".py" : ".ts";
  const moduleProblem = newModule === null ? null : modulePathProblem(newModule, extension, files);

  return (
    <>
      <div className="controls">
        <label title="A template opens as a new project; this one stays in the projects menu">
          template
          <select
            data-testid="template-select"
            value={project.templateId}
            onChange={(e) => {
              const template = TEMPLATES.find((t) => t.id === e.target.value);
              if (template) void workspace.openTemplate(template).then(() => setTab(mainFileName(template.language)));
            }}
          >
            {project.templateId === "" && <option value="">— none (opened from a file) —</option>}
            {TEMPLATES.map((t) => (
              <option key={t.id} value={t.id}>
                {t.title}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="file-tabs" role="tablist" data-testid="file-tabs" data-template={project.templateId}>
        {Object.keys(files).map((path) => (
          <span key={path} className={`file-tab${active === path ? " active" : ""}`}>
            <button
              type="button"
              role="tab"
              aria-selected={active === path}
              data-testid="file-tab"
              data-path={path}
              data-modified={String(project.baseline[path] !== files[path])}
              onClick={() => setTab(path)}
            >
              <span data-testid={path === main ? "lambda-file" : "module-file"}>{path}</span>
              {project.baseline[path] !== files[path] && (
                <span className="modified" title="changed since it was opened or saved">
                  {" "}
                  ●
                </span>
              )}
            </button>
            {path !== main && (
              <button
                type="button"
                className="close"
                aria-label={`remove ${path}`}
                onClick={() => {
                  if (window.confirm(`Remove ${path} from the lambda?`)) store.getState().setModule(path, null);
                }}
              >
                ×
              </button>
            )}
          </span>
        ))}
        {newModule === null ? (
          <button type="button" className="add-tab" data-testid="add-module" onClick={() => setNewModule("")}>
            + module
          </button>
        ) : (
          <form
            className="add-tab"
            onSubmit={(e) => {
              e.preventDefault();
              if (moduleProblem) return;
              const path = newModule.endsWith(extension) ? newModule : `${newModule}${extension}`;
              store
                .getState()
                .setModule(
                  path,
                  project.language === "python" ? `# ${path}\n` : `// ${path}\nexport const value = 1;\n`,
                );
              setNewModule(null);
              setTab(path);
            }}
          >
            <input
              // biome-ignore lint/a11y/noAutofocus: the field appears because the user asked for it
              autoFocus
              data-testid="new-module-name"
              placeholder={`helpers${extension}`}
              value={newModule}
              onChange={(e) => setNewModule(e.target.value)}
              onKeyDown={(e) => e.key === "Escape" && setNewModule(null)}
            />
            <button type="submit" disabled={moduleProblem !== null}>
              add
            </button>
            {moduleProblem && newModule !== "" && <span className="error">{moduleProblem}</span>}
          </form>
        )}
        <button
          type="button"
          role="tab"
          className={`file-tab${active === LAMBDA_JSON ? " active" : ""}`}
          data-testid="lambda-json-tab"
          onClick={() => setTab(LAMBDA_JSON)}
        >
          lambda.json
        </button>
        <button
          type="button"
          role="tab"
          className={`file-tab${active === MODELS ? " active" : ""}`}
          data-testid="models-tab"
          onClick={() => setTab(MODELS)}
        >
          models/{project.maskModel ? " (2)" : ""}
        </button>
      </div>
      <div className="editor-area">
        <div className="editor-slot" hidden={active === LAMBDA_JSON || active === MODELS}>
          <LambdaEditor
            files={files}
            active={active in files ? active : main}
            onChange={(path, code) =>
              path === main ? store.getState().setCode(code) : store.getState().setModule(path, code)
            }
            onRun={onRun}
            onSave={onSave}
            errors={outcome?.compileErrors ?? []}
            onProblems={(problems) => runs.getState().setProblems("editor", problems)}
            onCheckReady={(check) => controller.setProblemsCheck("editor", check)}
          />
        </div>
        {active === LAMBDA_JSON && <LambdaJsonEditor store={store} />}
        {active === MODELS && <MaskModelForm maskModel={project.maskModel} onMaskModel={onMaskModel} />}
      </div>
      {outcome && outcome.compileErrors.length > 0 && (
        <pre className="error compile-errors" data-testid="compile-errors">
          {outcome.compileErrors.map((e) => `${e.file}:${e.line ?? "?"}:${e.column ?? "?"}: ${e.text}`).join("\n")}
        </pre>
      )}
      <ProblemsList runs={runs} onOpen={(file) => setTab(file)} />
    </>
  );
}
