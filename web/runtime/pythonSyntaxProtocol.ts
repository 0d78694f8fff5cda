/** Messages between the page and the Python syntax worker (pythonSyntaxWorker.ts). */
import { z } from "zod";

/** Check these files (path → source); `seq` pairs the answer with its request. */
export const pythonSyntaxRequestSchema = z.object({
  seq: z.number().int(),
  files: z.record(z.string(), z.string()),
});
export type PythonSyntaxRequest = z.infer<typeof pythonSyntaxRequestSchema>;

export const pythonSyntaxReplySchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("checked"),
    seq: z.number().int(),
    /** One entry per file that does not compile (Python stops at a file's first syntax error). */
    problems: z.array(
      z.object({ file: z.string(), line: z.number().nullable(), column: z.number().nullable(), text: z.string() }),
    ),
  }),
  /** Pyodide did not load (offline, no /pyodide): the check is off, runs still report syntax errors. */
  z.object({ kind: z.literal("unavailable"), seq: z.number().int(), reason: z.string() }),
]);
export type PythonSyntaxReply = z.infer<typeof pythonSyntaxReplySchema>;
