/**
 * A new module's name, checked as the server checks the lambda's paths (shared/luna/schemas/lambdas.ts):
 * letters, digits, `_`, `-` and `/` folders, the language's extension, not lambda_main, not taken.
 */
export function modulePathProblem(
  name: string,
  extension: ".ts" | ".py",
  files: Record<string, string>,
): string | null {
  const path = name.endsWith(extension) ? name : `${name}${extension}`;
  if (name.trim() === "") return "a name, e.g. helpers";
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*\.(ts|py)$/.test(path))
    return `letters, digits, _ and - (folders with /), ending in ${extension}`;
  if (!path.endsWith(extension)) return `a ${extension} module`;
  if (/^lambda_main\./.test(path)) return "lambda_main is the main file";
  if (path in files) return `${path} exists`;
  return null;
}
