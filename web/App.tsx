/**
 * The playground page: the header, then three resizable panes — the request (images, boxes,
 * overlays) on the left, the lambda's files in Monaco in the centre, Run and its result on the
 * right. The user's work lives in the project store (persisted, web/state/projectStore.ts); what
 * runs gave lives in the run store (this session only, web/state/runStore.ts); Run and Detect are
 * the run controller's (web/run/runController.ts). The panels only wire these together.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { Group, Panel, Separator, useDefaultLayout } from "react-resizable-panels";
import { useStore } from "zustand";
import { registerServerMaskModel } from "./api/modelsApi.ts";
import { EditorColumn } from "./panels/EditorColumn.tsx";
import { HelpDialog } from "./panels/HelpDialog.tsx";
import { RequestColumn } from "./panels/RequestColumn.tsx";
import { RunColumn } from "./panels/RunColumn.tsx";
import { SettingsPanel } from "./panels/SettingsPanel.tsx";
import { TopBar } from "./panels/TopBar.tsx";
import type { RunController } from "./run/runController.ts";
import { SandboxNotice } from "./server/SandboxNotice.tsx";
import type { ProjectStore, UserModelFile } from "./state/projectStore.ts";
import type { RunStore } from "./state/runStore.ts";
import type { Workspace } from "./state/workspace.ts";
import { fastWasmEmotions } from "./state/inferencePreferences.ts";

export function App({
  store,
  runs,
  controller,
  workspace,
}: {
  store: ProjectStore;
  runs: RunStore;
  controller: RunController;
  workspace: Workspace;
}) {
  const message = useStore(runs, (s) => s.message);
  const maskModel = useStore(store, (s) => s.maskModel);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [dialog, setDialog] = useState<"settings" | "help" | null>(null);
  const layout = useDefaultLayout({ id: "luna-lambda-playground:panes", panelIds: ["request", "code", "result"] });

  const run = useCallback((ignoreProblems = false) => void controller.run({ ignoreProblems }), [controller]);
  const save = useCallback(async () => {
    await workspace.library.save(store.getState());
    store.getState().markSaved();
    setSavedAt(new Date().toLocaleTimeString());
  }, [store, workspace]);

  // Ctrl/Cmd+Enter runs, Ctrl/Cmd+S saves anywhere on the page (Monaco binds its own); `?` shows the shortcuts.
  const keys = useRef({ run, save });
  keys.current = { run, save };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const typing = (event.target as HTMLElement).closest?.("input, textarea, select, .monaco-editor");
      if (event.key === "?" && !typing) {
        event.preventDefault();
        setDialog((d) => (d === "help" ? null : "help"));
      } else if (event.key === "Escape") setDialog(null);
      if (!(event.ctrlKey || event.metaKey)) return;
      if (event.key === "Enter") {
        event.preventDefault();
        keys.current.run();
      } else if (event.key === "s") {
        event.preventDefault();
        void keys.current.save();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  // The server's models API checks a new mask model fully (manifest and ONNX) before the project keeps it.
  const setMaskModel = async (model: UserModelFile | null) => {
    if (model) JSON.parse(model.manifest); // a readable message before anything is sent
    await registerServerMaskModel(model);
    store.getState().setMaskModel(model);
  };
  // The browser engines follow the project's mask model, including one restored from IndexedDB.
  useEffect(() => {
    Promise.resolve()
      .then(() =>
        controller.inference.setUserModel(
          maskModel ? { manifest: JSON.parse(maskModel.manifest) as unknown, bytes: maskModel.bytes } : null,
        ),
      )
      .catch((e: Error) =>
        runs.getState().setMessage({ kind: "error", text: `mask model in the browser: ${e.message}` }),
      );
  }, [maskModel, controller, runs]);
  // …and this browser's speed choice for the emotion model (the Models tab).
  useEffect(() => {
    controller.inference
      .setFastWasmEmotions(fastWasmEmotions())
      .catch((e: Error) => runs.getState().setMessage({ kind: "error", text: `browser engine: ${e.message}` }));
  }, [controller, runs]);

  return (
    <main className="app">
      <SandboxNotice />
      <TopBar
        store={store}
        runs={runs}
        workspace={workspace}
        savedAt={savedAt}
        onSettings={() => setDialog("settings")}
        onHelp={() => setDialog("help")}
      />
      {message && (
        <div className={`message ${message.kind}`}>
          <p className={message.kind} data-testid={message.kind === "error" ? "error" : "info"}>
            {message.text}
          </p>
          {message.action === "run-anyway" && (
            <button type="button" data-testid="run-anyway" onClick={() => run(true)}>
              Run anyway
            </button>
          )}
          <button type="button" className="link" aria-label="dismiss" onClick={() => runs.getState().setMessage(null)}>
            ×
          </button>
        </div>
      )}
      <Group
        className="workspace"
        orientation="horizontal"
        defaultLayout={layout.defaultLayout}
        onLayoutChanged={layout.onLayoutChanged}
      >
        <Panel id="request" className="column left" defaultSize="30" minSize={240}>
          <RequestColumn store={store} runs={runs} controller={controller} />
        </Panel>
        <Separator className="pane-separator" />
        <Panel id="code" className="column centre" defaultSize="40" minSize={320}>
          <EditorColumn
            store={store}
            runs={runs}
            controller={controller}
            workspace={workspace}
            onRun={() => run()}
            onSave={() => void save()}
            onMaskModel={setMaskModel}
          />
        </Panel>
        <Separator className="pane-separator" />
        <Panel id="result" className="column right" defaultSize="30" minSize={260}>
          <RunColumn store={store} runs={runs} controller={controller} onRun={() => run()} />
        </Panel>
      </Group>
      {dialog === "settings" && <SettingsPanel store={store} controller={controller} onClose={() => setDialog(null)} />}
      {dialog === "help" && <HelpDialog onClose={() => setDialog(null)} />}
    </main>
  );
}
