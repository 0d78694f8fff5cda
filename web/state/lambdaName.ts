/** The lambda's name on the server and in exports: the template's id until the project has a name of its own. */
import type { ProjectState } from "./projectStore.ts";

export function lambdaName(state: Pick<ProjectState, "templateId">): string {
  return state.templateId === "blank" || state.templateId === "py-blank" ? "lambda" : state.templateId;
}
