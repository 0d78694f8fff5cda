/**
 * Monaco with the lambda's code files, one Monaco model per file (`file:///lambda_main.ts`,
 * `file:///helpers.ts`…), so each keeps its own undo stack and the TypeScript worker sees the
 * modules the main file imports. TypeScript is typed by the luna-lambda-tools declarations the
 * server publishes (/types/luna-lambda-tools.d.ts); Python gets completions and hovers for the
 * shims. Changes the app makes (a template, an opened project) are applied as edits, never with
 * `setValue`, so Ctrl+Z brings the previous text back. Monaco is loaded on demand (its own chunks
 * and workers), so the page is usable before it arrives. Ctrl/Cmd+Enter runs, Ctrl/Cmd+S saves.
 */
import { useEffect, useRef, useState } from "react";
import type * as Monaco from "monaco-editor";
import type { CompileError } from "../runtime/lambdaProtocol.ts";
import { registerPythonCompletions } from "./pythonCompletions.ts";
import type { Problem } from "./problems.ts";
import { currentTypeScriptProblems } from "./typescriptDiagnostics.ts";

interface Props {
  /** The lambda's code files by path. */
  files: Record<string, string>;
  /** The file shown. */
  active: string;
  onChange(path: string, value: string): void;
  onRun(): void;
  onSave(): void;
  /** The last run's compile errors, shown as markers in their files. */
  errors: CompileError[];
  /** Every diagnostic Monaco's language services report, across the files (the problems list). */
  onProblems(problems: Problem[]): void;
  /** Once Monaco is loaded: a check that asks the TypeScript worker for the files' diagnostics now (a run's gate). */
  onCheckReady(check: () => Promise<Problem[]>): void;
}

let monacoReady: Promise<typeof Monaco> | null = null;

function loadMonaco(): Promise<typeof Monaco> {
  monacoReady ??= (async () => {
    const [monaco, editorWorker, tsWorker, types] = await Promise.all([
      import("monaco-editor"),
      import("monaco-editor/editor/editor.worker?worker"),
      import("monaco-editor/language/typescript/ts.worker?worker"),
      fetch("/types/luna-lambda-tools.d.ts").then((r) => (r.ok ? r.text() : "")),
    ]);
    (self as unknown as { MonacoEnvironment: Monaco.Environment }).MonacoEnvironment = {
      getWorker: (_id, label) =>
        label === "typescript" || label === "javascript" ? new tsWorker.default() : new editorWorker.default(),
    };
    const ts = monaco.typescript;
    ts.typescriptDefaults.setCompilerOptions({
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.NodeJs,
      strict: true,
      allowNonTsExtensions: true,
      allowImportingTsExtensions: true,
      noEmit: true,
      lib: ["es2022", "dom"],
    });
    // Diagnostics of every model, not only the visible one: the problems list covers all files.
    ts.typescriptDefaults.setEagerModelSync(true);
    if (types) ts.typescriptDefaults.addExtraLib(types, "file:///node_modules/luna-lambda-tools/index.d.ts");
    // Python colouring ships with monaco-editor's languages; completions and hovers are ours.
    registerPythonCompletions(monaco);
    return monaco;
  })();
  return monacoReady;
}

const languageOf = (path: string) => (path.endsWith(".py") ? "python" : path.endsWith(".json") ? "json" : "typescript");
const uriOf = (monaco: typeof Monaco, path: string) => monaco.Uri.parse(`file:///${path}`);

/** Brings a model to `value` as one undoable edit (setValue would drop the undo stack). */
function applyAsEdit(
  editor: Monaco.editor.IStandaloneCodeEditor | null,
  model: Monaco.editor.ITextModel,
  value: string,
) {
  if (model.getValue() === value) return;
  const edit = [{ range: model.getFullModelRange(), text: value }];
  if (editor && editor.getModel() === model) {
    editor.pushUndoStop();
    editor.executeEdits("playground", edit);
    editor.pushUndoStop();
  } else {
    model.pushStackElement();
    model.pushEditOperations([], edit, () => null);
    model.pushStackElement();
  }
}

/** The models of the project's files: made, updated as edits, and disposed when a file goes. */
function syncModels(
  monaco: typeof Monaco,
  editor: Monaco.editor.IStandaloneCodeEditor | null,
  files: Record<string, string>,
) {
  const wanted = new Set(Object.keys(files).map((p) => uriOf(monaco, p).toString()));
  for (const model of monaco.editor.getModels()) {
    if (
      model.uri.scheme === "file" &&
      !model.uri.path.startsWith("/node_modules/") &&
      !wanted.has(model.uri.toString())
    )
      model.dispose();
  }
  // New files first: the TypeScript worker checks a file when it changes, so an edit of lambda_main
  // made before the module it imports exists would keep a stale "Cannot find module" marker.
  const entries = Object.entries(files);
  for (const [path, value] of entries) {
    if (!monaco.editor.getModel(uriOf(monaco, path)))
      monaco.editor.createModel(value, languageOf(path), uriOf(monaco, path));
  }
  for (const [path, value] of entries) applyAsEdit(editor, monaco.editor.getModel(uriOf(monaco, path))!, value);
}

export function LambdaEditor({ files, active, onChange, onRun, onSave, errors, onProblems, onCheckReady }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const latest = useRef({ onChange, onRun, onSave, onProblems, onCheckReady, files });
  latest.current = { onChange, onRun, onSave, onProblems, onCheckReady, files };
  const monacoRef = useRef<typeof Monaco | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let disposed = false;
    const subscriptions: Monaco.IDisposable[] = [];
    void loadMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      syncModels(monaco, null, latest.current.files);
      const made = monaco.editor.create(host.current, {
        model: monaco.editor.getModel(uriOf(monaco, active)),
        automaticLayout: true,
        minimap: { enabled: false },
        fontSize: 13,
      });
      editor.current = made;
      subscriptions.push(
        monaco.editor.onDidCreateModel((model) =>
          subscriptions.push(
            model.onDidChangeContent(() => {
              const path = model.uri.path.slice(1);
              if (path in latest.current.files && latest.current.files[path] !== model.getValue())
                latest.current.onChange(path, model.getValue());
            }),
          ),
        ),
        monaco.editor.onDidChangeMarkers(() => {
          const problems = monaco.editor
            .getModelMarkers({})
            .filter((m) => m.owner !== "compile" && m.severity >= monaco.MarkerSeverity.Warning)
            .map((m) => ({
              file: m.resource.path.slice(1),
              line: m.startLineNumber,
              column: m.startColumn,
              severity: m.severity === monaco.MarkerSeverity.Error ? ("error" as const) : ("warning" as const),
              text: typeof m.message === "string" ? m.message : String(m.message),
              // Monaco's reporters (the TypeScript worker, json) count as one: the editor's.
              source: "editor",
            }))
            .filter((p) => p.file in latest.current.files);
          latest.current.onProblems(problems);
        }),
      );
      // The models made before the editor: their changes go to the store too.
      for (const model of monaco.editor.getModels()) {
        subscriptions.push(
          model.onDidChangeContent(() => {
            const path = model.uri.path.slice(1);
            if (path in latest.current.files && latest.current.files[path] !== model.getValue())
              latest.current.onChange(path, model.getValue());
          }),
        );
      }
      made.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => latest.current.onRun());
      made.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => latest.current.onSave());
      monacoRef.current = monaco;
      latest.current.onCheckReady(() => currentTypeScriptProblems(monaco, latest.current.files));
      setLoading(false);
    });
    return () => {
      disposed = true;
      for (const s of subscriptions) s.dispose();
      editor.current?.dispose();
      editor.current = null;
    };
    // The editor is created once; files and the active tab arrive through the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The store's files → the models, as undoable edits (a template, an opened project, a new module).
  useEffect(() => {
    const monaco = monacoRef.current;
    if (!monaco) return;
    syncModels(monaco, editor.current, files);
  }, [files, loading]);

  useEffect(() => {
    const monaco = monacoRef.current;
    const model = monaco?.editor.getModel(uriOf(monaco, active));
    if (editor.current && model && editor.current.getModel() !== model) editor.current.setModel(model);
  }, [active, files, loading]);

  useEffect(() => {
    const monaco = monacoRef.current;
    if (!monaco) return;
    for (const model of monaco.editor.getModels()) {
      const path = model.uri.path.slice(1);
      monaco.editor.setModelMarkers(
        model,
        "compile",
        errors
          .filter((e) => e.file === path)
          .map((e) => ({
            severity: monaco.MarkerSeverity.Error,
            message: e.text,
            startLineNumber: e.line ?? 1,
            startColumn: (e.column ?? 0) + 1,
            endLineNumber: e.line ?? 1,
            endColumn: (e.column ?? 0) + 2,
          })),
      );
    }
  }, [errors, loading]);

  return (
    <div className="editor" data-testid="code-editor">
      {loading && <p className="status">loading the editor…</p>}
      <div ref={host} className="editor-host" />
    </div>
  );
}
