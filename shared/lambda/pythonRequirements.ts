/**
 * requirements.txt of a Python lambda. Nothing can be installed here (Pyodide has no wheels
 * offline), so only what the playground provides is accepted: its own luna_lambda_tools, luna3,
 * vlutils, cow, dateutil and lunavl modules, and the standard library. Anything else is named at creation.
 */
export const PROVIDED_REQUIREMENTS = [
  "luna-lambda-tools",
  "luna3",
  "vlutils",
  "cow",
  "python-dateutil",
  "lunavl",
] as const;

const normalise = (name: string) => name.toLowerCase().replace(/[_.]+/g, "-");

/** The requirement names that cannot be satisfied (empty when all are provided). */
export function unsatisfiableRequirements(text: string): string[] {
  const provided = new Set<string>(PROVIDED_REQUIREMENTS.map(normalise));
  return text
    .split("\n")
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter((line) => line && !line.startsWith("-"))
    .map((line) => /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(line)?.[0] ?? line)
    .filter((name) => !provided.has(normalise(name)));
}
