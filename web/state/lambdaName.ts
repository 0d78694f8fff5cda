/** The lambda's name on the server and in exports: the project's own name (the export's file name is its slug). */
import type { ProjectState } from "./projectStore.ts";

export function lambdaName(state: Pick<ProjectState, "name">): string {
  return state.name.trim() || "lambda";
}

export { slugFor as slugOf } from "../../shared/lambda/lambdaSlug.ts";
