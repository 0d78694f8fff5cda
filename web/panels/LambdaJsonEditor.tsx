/**
 * lambda.json as text: the lambda's name, type and settings — what `POST /lambdas` and the export
 * take. Applied only when it parses and its settings pass the shared settings schema; the problem
 * is shown inline otherwise. The settings panel edits the same values field by field.
 */
import { useEffect, useState } from "react";
import { useStore } from "zustand";
import { lambdaJsonProblem, lambdaJsonText, parseLambdaJson } from "../state/lambdaJson.ts";
import type { ProjectStore } from "../state/projectStore.ts";

export function LambdaJsonEditor({ store }: { store: ProjectStore }) {
  const project = useStore(store);
  const current = lambdaJsonText(project);
  const [text, setText] = useState(current);
  useEffect(() => setText(current), [current]);
  const problem = lambdaJsonProblem(text);
  return (
    <section className="lambda-json" data-testid="lambda-json">
      <textarea
        aria-label="lambda.json"
        data-testid="lambda-json-text"
        spellCheck={false}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <div className="controls">
        <button
          type="button"
          data-testid="lambda-json-apply"
          disabled={problem !== null || text === current}
          onClick={() => {
            const parsed = parseLambdaJson(text);
            store.setState({ name: parsed.name, lambdaType: parsed.lambdaType, settings: parsed.settings });
          }}
        >
          Apply
        </button>
        <button type="button" disabled={text === current} onClick={() => setText(current)}>
          Revert
        </button>
        {problem && (
          <span className="error" data-testid="lambda-json-error">
            {problem}
          </span>
        )}
      </div>
    </section>
  );
}
