/**
 * Monaco with `lambda_main.ts`, typed by the luna-lambda-tools declarations the server publishes
 * (/types/luna-lambda-tools.d.ts). Monaco is loaded on demand (its own chunks and workers), so the
 * page is usable before it arrives. Ctrl/Cmd+Enter runs.
 */
import { useEffect, useRef, useState } from "react";
import type * as Monaco from "monaco-editor";

interface Props {
  value: string;
  onChange(value: string): void;
  onRun(): void;
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
      getWorker: (_id, label) => (label === "typescript" || label === "javascript" ? new tsWorker.default() : new editorWorker.default()),
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
    return monaco;
  })();
  return monacoReady;
}

export function LambdaEditor({ value, onChange, onRun }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<Monaco.editor.IStandaloneCodeEditor | null>(null);
  const latest = useRef({ onChange, onRun });
  latest.current = { onChange, onRun };
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let disposed = false;
    void loadMonaco().then((monaco) => {
      if (disposed || !host.current) return;
      const uri = monaco.Uri.parse("file:///lambda_main.ts");
      const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(value, "typescript", uri);
      editor.current = monaco.editor.create(host.current, { model, automaticLayout: true, minimap: { enabled: false }, fontSize: 13 });
      editor.current.onDidChangeModelContent(() => latest.current.onChange(editor.current!.getValue()));
      editor.current.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => latest.current.onRun());
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

  useEffect(() => {
    if (editor.current && editor.current.getValue() !== value) editor.current.setValue(value);
  }, [value]);

  return (
    <div className="editor" data-testid="code-editor">
      {loading && <p className="status">loading the editor…</p>}
      <div ref={host} className="editor-host" />
    </div>
  );
}
