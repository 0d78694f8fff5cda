/**
 * The editor's templates: the seed's examples — ported to TypeScript (shared/lambda/examples) and
 * verbatim in Python (shared/lambda/examples/python) — and a blank lambda in each language.
 */
import type { LambdaLanguage } from "../state/projectStore.ts";

const sources = import.meta.glob("../../shared/lambda/examples/*.ts", {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;
const pythonSources = import.meta.glob("../../shared/lambda/examples/python/*.py", {
  query: "?raw",
  import: "default",
  eager: true,
}) as Record<string, string>;

export interface Template {
  id: string;
  title: string;
  code: string;
  language: LambdaLanguage;
}

const PYTHON_TITLES: Record<string, string> = {
  "01-get-face": "Seed example 1: a service error, raised",
  "01b-get-face-no-raise": "Seed example 1b: a service error, not raised",
  "02-emotions": "Seed example 2: emotions per image",
  "03-similarity": "Seed example 3: similarity of two faces",
  "04-canonical-handler": "Seed example 4: canonical handler",
  "05-mask-in-area": "Seed example 5: mask in the drawn area (lunavl)",
};

const BLANK_PYTHON = `from luna_lambda_tools import HandlersLambdaRequest, logger


async def main(request: HandlersLambdaRequest) -> dict:
    logger.info("images:", len(request.data.sources))
    return {"images": [source.filename for source in request.data.sources]}
`;

const BLANK = `import { HandlersLambdaRequest, logger } from "luna-lambda-tools";

export async function main(request: HandlersLambdaRequest): Promise<Record<string, unknown>> {
  logger.info("images:", request.data.sources.length);
  return { images: request.data.sources.map((s) => s.filename) };
}
`;

export const TEMPLATES: Template[] = [
  { id: "blank", title: "Blank lambda", code: BLANK, language: "typescript" },
  ...Object.entries(sources)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, code]) => {
      const id = path.split("/").pop()!.replace(/\.ts$/, "");
      const title = code
        .split("\n")[0]!
        .replace(/^\/\/\s*/, "")
        .replace(/:.*$/, "");
      return { id, title: `${title} (${id})`, code, language: "typescript" as const };
    }),
  { id: "py-blank", title: "Python: blank lambda", code: BLANK_PYTHON, language: "python" },
  ...Object.entries(pythonSources)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, code]) => {
      const name = path.split("/").pop()!.replace(/\.py$/, "");
      return {
        id: `py-${name}`,
        title: `Python: ${PYTHON_TITLES[name] ?? name} (${name}.py, verbatim)`,
        code,
        language: "python" as const,
      };
    }),
];
