/**
 * Monaco with `lambda_main.ts`, typed by the luna-lambda-tools declarations the server publishes
 * (/types/luna-lambda-tools.d.ts), or `lambda_main.py` with completions and hovers for the Python
 * shims. Monaco is loaded on demand (its own chunks and workers), so the page is usable before it
 * arrives. Ctrl/Cmd+Enter runs.
 */
import { useEffect, useRef, useState } from "react";
import type * as Monaco from "monaco-editor";
import type { CompileError } from "../runtime/lambdaProtocol.ts";
import type { LambdaLanguage } from "../state/projectStore.ts";
import { registerPythonCompletions } from "./pythonCompletions.ts";

interface Props {
  language: LambdaLanguage;
  value: string;
  onChange(value: string): void;
  onRun(): void;
  onSave(): void;
  /** The last run's compile errors, shown as markers in the code. */
  errors: CompileError[];
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
    if (types) ts.typescriptDefaults.addExtraLib(types, "file:///node_modules/luna-lambda-tools/index.d.ts");
    // Python colouring ships with monaco-editor's languages; completions and hovers are ours.
    registerPythonCompletions(monaco);
    return monaco;
  })();
  return monacoReady;
}

function modelFor(monaco: typeof Monaco, language: LambdaLanguage, value: string): Monaco.editor.ITextModel {
  const uri = monaco.Uri.parse(language === "python" ? "file:///lambda_main.py" : "file:///lambda_main.ts");
  return monaco.editor.getModel(uri) ?? monaco.editor.createModel(value, language, uri);
}

export function LambdaEditor({ language, value, onChange, onRun, onSave, errors }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const latest = useRef({ onChange, onRun, onSave });
  latest.current = { onChange, onRun, onSave };
  const monacoRef = useRef<typeof Monaco | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let disposed = false;
    void loadMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      const model = modelFor(monaco, language, value);
      editor.current = monaco.editor.create(host.current, {
        model,
        automaticLayout: true,
        minimap: { enabled: false },
        fontSize: 13,
      });
      editor.current.onDidChangeModelContent(() => latest.current.onChange(editor.current!.getValue()));
      editor.current.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => latest.current.onRun());
      editor.current.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => latest.current.onSave());
      monacoRef.current = monaco;
      setLoading(false);
    });
    return () => {
      disposed = true;
      editor.current?.dispose();
      editor.current = null;
    };
    // The editor is created once; later values arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Switching language switches the model (lambda_main.ts ↔ lambda_main.py), each with its own services.
  useEffect(() => {
    const monaco = monacoRef.current;
    if (!monaco || !editor.current) return;
    const model = modelFor(monaco, language, value);
    if (editor.current.getModel() !== model) {
      model.setValue(value);
      editor.current.setModel(model);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [language, loading]);

  useEffect(() => {
    if (editor.current && editor.current.getValue() !== value) {
      editor.current.setValue(value);
      editor.current.setScrollTop(0);
    }
  }, [value]);

  useEffect(() => {
    const monaco = monacoRef.current;
    const model = editor.current?.getModel();
    if (!monaco || !model) return;
    monaco.editor.setModelMarkers(
      model,
      "compile",
      errors.map((e) => ({
        severity: monaco.MarkerSeverity.Error,
        message: e.text,
        startLineNumber: e.line ?? 1,
        startColumn: (e.column ?? 0) + 1,
        endLineNumber: e.line ?? 1,
        endColumn: (e.column ?? 0) + 2,
      })),
    );
  }, [errors, loading]);

  return (
    <div className="editor" data-testid="code-editor">
      {loading && <p className="status">loading the editor…</p>}
      <div ref={host} className="editor-host" />
    </div>
  );
}
