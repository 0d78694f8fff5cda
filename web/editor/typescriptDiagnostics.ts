/**
 * The TypeScript worker's diagnostics for the code files, asked for now — what a run checks. The
 * editor's markers arrive a moment after each edit, so a run started right after a fix would
 * otherwise be judged on the text before it.
 */
import type * as Monaco from "monaco-editor";
import type { Problem } from "./problems.ts";

type Chain = { messageText: string; next?: Chain[] };

/** A diagnostic's text as Monaco's markers show it: the chain's messages, one per line. */
function flatten(message: string | Chain, indent = 0): string {
  if (typeof message === "string") return message;
  const lines = [`${"  ".repeat(indent)}${message.messageText}`];
  for (const next of message.next ?? []) lines.push(flatten(next, indent + 1));
  return lines.join("\n");
}

export async function currentTypeScriptProblems(
  monaco: typeof Monaco,
  files: Record<string, string>,
): Promise<Problem[]> {
  const models = monaco.editor
    .getModels()
    .filter((m) => m.getLanguageId() === "typescript" && m.uri.path.slice(1) in files);
  if (models.length === 0) return [];
  const ignored = new Set(monaco.typescript.typescriptDefaults.getDiagnosticsOptions().diagnosticCodesToIgnore ?? []);
  const client = await (await monaco.typescript.getTypeScriptWorker())(...models.map((m) => m.uri));
  const perFile = await Promise.all(
    models.map(async (model) => {
      const name = model.uri.toString();
      const [syntax, semantic] = await Promise.all([
        client.getSyntacticDiagnostics(name),
        client.getSemanticDiagnostics(name),
      ]);
      return [...syntax, ...semantic]
        .filter((d) => d.category <= 1 && !ignored.has(d.code))
        .map((d): Problem => {
          const at = model.getPositionAt(d.start ?? 0);
          return {
            file: model.uri.path.slice(1),
            line: at.lineNumber,
            column: at.column,
            severity: d.category === 1 ? "error" : "warning",
            text: flatten(d.messageText as string | Chain),
            source: "editor",
          };
        });
    }),
  );
  return perFile.flat();
}
