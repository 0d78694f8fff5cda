/**
 * Which project is open, and the ways to open another: a template becomes a new draft (keeping the
 * request's images and boxes), a project file or zip becomes a new project, and any stored project
 * can be switched back to. The open project is stored first each time, so nothing is overwritten
 * or lost (docs/playground.md).
 */
import type { Template } from "../editor/templates.ts";
import type { ProjectLibrary } from "./persistence.ts";
import { codeFilesOf, defaultProjectState, type ProjectState, type ProjectStore } from "./projectStore.ts";
import type { RunStore } from "./runStore.ts";

export class Workspace {
  constructor(
    readonly store: ProjectStore,
    readonly runs: RunStore,
    readonly library: ProjectLibrary,
  ) {}

  /** Stores the open project, then opens `next` as a new one. */
  private async replace(next: ProjectState): Promise<void> {
    await this.library.save(this.store.getState());
    this.library.startNew();
    this.store.setState({ ...defaultProjectState(), ...next });
    this.runs.getState().projectReplaced();
  }

  /** The project as a template makes it: its code and name; the images, boxes, target and mask model stay. */
  static draftFrom(template: Template, current: ProjectState): ProjectState {
    const code = { language: template.language, code: template.code, modules: {} };
    return {
      ...current,
      ...code,
      name: template.name,
      templateId: template.id,
      settings: {},
      baseline: codeFilesOf(code),
    };
  }

  openTemplate(template: Template): Promise<void> {
    return this.replace(Workspace.draftFrom(template, this.store.getState()));
  }

  /** An opened project file or lambda zip, as a new project. */
  openState(state: ProjectState): Promise<void> {
    return this.replace(state);
  }

  async switchTo(id: string): Promise<void> {
    if (id === this.library.currentId) return;
    await this.library.save(this.store.getState());
    const state = await this.library.load(id);
    this.store.setState({ ...defaultProjectState(), ...state });
    this.runs.getState().projectReplaced();
  }

  /** A new empty project (no images) from a template, on the current run target. */
  newProject(template: Template): Promise<void> {
    return this.replace(
      Workspace.draftFrom(template, { ...defaultProjectState(), target: this.store.getState().target }),
    );
  }
}
