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
  /** What the template does, as the picker lists it. */
  title: string;
  /** The name a draft made from it gets (export file, server lambda). */
  name: string;
  code: string;
  language: LambdaLanguage;
}

/** The seed's examples by what they do (the same in both languages). */
const NAMES: Record<string, string> = {
  "01-get-face": "Service error, raised",
  "01b-get-face-no-raise": "Service error, returned",
  "02-emotions": "Emotions per image",
  "03-similarity": "Similarity of two faces",
  "04-canonical-handler": "Canonical handler",
  "05-mask-in-area": "Mask in the drawn area",
};
const SEED_NUMBER = (id: string) => id.replace(/^0?(\d+b?).*$/, "$1");

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
  { id: "blank", title: "Blank lambda (TypeScript)", name: "My lambda", code: BLANK, language: "typescript" },
  ...Object.entries(sources)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, code]) => {
      const id = path.split("/").pop()!.replace(/\.ts$/, "");
      const name = NAMES[id] ?? id;
      return { id, title: `${name} — seed example ${SEED_NUMBER(id)}`, name, code, language: "typescript" as const };
    }),
  { id: "py-blank", title: "Blank lambda (Python)", name: "My Python lambda", code: BLANK_PYTHON, language: "python" },
  ...Object.entries(pythonSources)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, code]) => {
      const id = path.split("/").pop()!.replace(/\.py$/, "");
      const name = NAMES[id] ?? id;
      return {
        id: `py-${id}`,
        title: `${name} — seed example ${SEED_NUMBER(id)}, Python verbatim`,
        name: `${name} (Python)`,
        code,
        language: "python" as const,
      };
    }),
];
