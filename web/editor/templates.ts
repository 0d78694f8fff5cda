/** The editor's templates: the seed's examples, ported (shared/lambda/examples), and a blank lambda. */
const sources = import.meta.glob("../../shared/lambda/examples/*.ts", { query: "?raw", import: "default", eager: true }) as Record<string, string>;

export interface Template {
  id: string;
  title: string;
  code: string;
}

const BLANK = `import { HandlersLambdaRequest, logger } from "luna-lambda-tools";

export async function main(request: HandlersLambdaRequest): Promise<Record<string, unknown>> {
  logger.info("images:", request.data.sources.length);
  return { images: request.data.sources.map((s) => s.filename) };
}
`;

export const TEMPLATES: Template[] = [
  { id: "blank", title: "Blank lambda", code: BLANK },
  ...Object.entries(sources)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, code]) => {
      const id = path.split("/").pop()!.replace(/\.ts$/, "");
      const title = code.split("\n")[0]!.replace(/^\/\/\s*/, "").replace(/:.*$/, "");
      return { id, title: `${title} (${id})`, code };
    }),
];
