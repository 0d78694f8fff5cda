/**
 * "Save project" / "Open project": the project as a JSON file (images base64). Opening validates
 * the file and says what is wrong instead of loading half a project.
 */
import { PROJECT_FILE_VERSION, projectFileSchema, type ProjectFile } from "../../shared/playground/projectFile.ts";
import { base64ToBytes, bytesToBase64 } from "../../shared/luna/schemas/common.ts";
import { formatIssuePath } from "../../shared/luna/validate.ts";
import { codeFilesOf, type ProjectState } from "./projectStore.ts";

export { PROJECT_FILE_VERSION, projectFileSchema, type ProjectFile } from "../../shared/playground/projectFile.ts";

/** The project's fields that are the same in the project file and the stored form (no bytes in them). */
export function plainProjectFields(state: ProjectState) {
  return {
    name: state.name,
    code: state.code,
    modules: state.modules,
    language: state.language,
    templateId: state.templateId,
    lambdaType: state.lambdaType,
    standaloneBody: state.standaloneBody,
    standaloneContentType: state.standaloneContentType,
    target: state.target,
    sendFaceBoundingBoxes: state.sendFaceBoundingBoxes,
    timeoutS: state.timeoutS,
    settings: state.settings,
  };
}

export function toProjectFile(state: ProjectState): ProjectFile {
  return {
    format: "luna-lambda-playground-project",
    version: PROJECT_FILE_VERSION,
    ...plainProjectFields(state),
    request: state.request,
    savedRequests: state.savedRequests.map(({ body, ...saved }) => ({
      ...saved,
      base64: bytesToBase64(body),
    })),
    maskModel: state.maskModel
      ? {
          filename: state.maskModel.filename,
          base64: bytesToBase64(state.maskModel.bytes),
          manifest: state.maskModel.manifest,
        }
      : null,
    images: state.images.map((image) => ({
      id: image.id,
      filename: image.filename,
      mimetype: image.mimetype,
      base64: bytesToBase64(image.bytes),
      boxes: state.boxes[image.id] ?? [],
    })),
  };
}

export function fromProjectFile(json: unknown): ProjectState {
  const parsed = projectFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`not a playground project file: ${formatIssuePath(issue.path) || "(root)"}: ${issue.message}`);
  }
  const file = parsed.data;
  return {
    name: file.name,
    settings: file.settings,
    baseline: codeFilesOf(file),
    code: file.code,
    modules: file.modules,
    language: file.language,
    templateId: file.templateId,
    lambdaType: file.lambdaType,
    standaloneBody: file.standaloneBody,
    standaloneContentType: file.standaloneContentType,
    target: file.target,
    sendFaceBoundingBoxes: file.sendFaceBoundingBoxes,
    timeoutS: file.timeoutS,
    request: file.request,
    savedRequests: file.savedRequests.map(({ base64, ...saved }) => ({ ...saved, body: base64ToBytes(base64) })),
    maskModel: file.maskModel
      ? {
          filename: file.maskModel.filename,
          bytes: base64ToBytes(file.maskModel.base64),
          manifest: file.maskModel.manifest,
        }
      : null,
    images: file.images.map((i) => ({
      id: i.id,
      filename: i.filename,
      mimetype: i.mimetype,
      bytes: base64ToBytes(i.base64),
    })),
    boxes: Object.fromEntries(file.images.map((i) => [i.id, i.boxes])),
    selectedImageId: file.images[0]?.id ?? null,
  };
}
