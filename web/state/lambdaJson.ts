/**
 * The project's lambda.json — `{name, lambda_type, settings}`, the shape the export writes and
 * lambda archives carry (shared/lambda/archive.ts) — as text, and back with the shared schemas.
 */
import { z } from "zod";
import { lambdaTypeSchema } from "../../shared/luna/schemas/lambdas.ts";
import { formatIssuePath } from "../../shared/luna/validate.ts";
import { lambdaSettingsSchema } from "../../shared/lambda/settings.ts";
import type { LambdaType, ProjectState } from "./projectStore.ts";

const lambdaJsonSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  lambda_type: lambdaTypeSchema,
  settings: lambdaSettingsSchema.partial().default({}),
});

export function lambdaJsonText(state: Pick<ProjectState, "name" | "lambdaType" | "settings">): string {
  return `${JSON.stringify({ name: state.name, lambda_type: state.lambdaType, settings: state.settings }, null, 2)}\n`;
}

export function lambdaJsonProblem(text: string): string | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return `not JSON: ${(error as Error).message}`;
  }
  const parsed = lambdaJsonSchema.safeParse(json);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  return `${formatIssuePath(issue.path) || "(root)"}: ${issue.message}`;
}

export function parseLambdaJson(text: string): {
  name: string;
  lambdaType: LambdaType;
  settings: Record<string, unknown>;
} {
  const parsed = lambdaJsonSchema.parse(JSON.parse(text));
  return { name: parsed.name, lambdaType: parsed.lambda_type, settings: parsed.settings };
}
