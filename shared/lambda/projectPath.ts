/**
 * The one rule for a file path inside a lambda project (zip entries, export files, modules): a
 * relative path of plain segments, so joining it under the project's own folder can never leave
 * that folder. Checked before anything is written.
 */
import { z } from "zod";

export const MAX_PROJECT_PATH_LENGTH = 256;

/** Why `path` is not a safe project path, or null when it is. */
export function projectPathProblem(path: string): string | null {
  if (path.length === 0 || path.length > MAX_PROJECT_PATH_LENGTH)
    return `must have 1 to ${MAX_PROJECT_PATH_LENGTH} characters`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  if (/[\u0000-\u001f\u007f\\:]/.test(path)) return "must not hold control characters, backslashes or colons";
  if (path.startsWith("/")) return "must be relative";
  if (path.split("/").some((segment) => segment === "" || segment === "." || segment === ".."))
    return "must not have empty, '.' or '..' segments";
  return null;
}

export const projectPathSchema = z
  .string()
  .max(MAX_PROJECT_PATH_LENGTH)
  .superRefine((path, ctx) => {
    const problem = projectPathProblem(path);
    if (problem) ctx.addIssue({ code: "custom", message: `unsafe file path: ${problem}` });
  });
