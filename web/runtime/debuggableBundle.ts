/**
 * The browser lambda's bundle as the worker evaluates it, made for DevTools: the esbuild bundle
 * with an inline source map (sourcesContent included, the lambda's files under their own paths)
 * and a `sourceURL`, so the Sources panel lists lambda_main.ts and its modules, and breakpoints
 * set there — or a `debugger;` statement — stop on the user's TypeScript lines. The same map turns
 * stack traces back into those lines (bundleStackMapper.ts).
 *
 * The worker runs the bundle as the body of `new Function("require", "module", "exports", body)`:
 * V8 puts that function's header and opening brace on two lines before the body, in the script
 * DevTools sees, so the map's generated lines start that many lines down.
 */
import { bytesToBase64 } from "../../shared/luna/schemas/common.ts";

/** Lines V8 writes before a `new Function` body (its header and the opening brace). */
export const FUNCTION_BODY_LINE_OFFSET = 2;

/** The name the bundle's script has in DevTools and in stack traces. */
export const BUNDLE_NAME = "lambda_main.js";

/** esbuild's namespace for the lambda's files (web/runtime/lambdaWorker.ts), not part of their paths. */
const NAMESPACE = /^lambda:/;

export interface DebuggableBundle {
  /** The `new Function` body: the bundle, its sourceURL and its inline source map. */
  body: string;
  /** The source map as the body carries it (for the stack mapper). */
  sourceMap: string;
}

interface SourceMapV3 {
  version: 3;
  sources: string[];
  sourcesContent?: (string | null)[];
  mappings: string;
  names: string[];
  file?: string;
}

/**
 * `files`: the lambda's files by path (what esbuild bundled), for the map's sourcesContent —
 * whatever esbuild put there is replaced by the editor's own text.
 */
export function debuggableBundle(js: string, sourceMap: string, files: Record<string, string>): DebuggableBundle {
  const map = JSON.parse(sourceMap) as SourceMapV3;
  const sources = map.sources.map((s) => s.replace(NAMESPACE, ""));
  const shifted: SourceMapV3 = {
    ...map,
    file: BUNDLE_NAME,
    sources,
    sourcesContent: sources.map((s) => files[s] ?? null),
    // Each ";" is one generated line without mappings: the lines V8 adds before the body.
    mappings: ";".repeat(FUNCTION_BODY_LINE_OFFSET) + map.mappings,
  };
  const mapText = JSON.stringify(shifted);
  const code = js.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  const inline = bytesToBase64(new TextEncoder().encode(mapText));
  return {
    body: `${code}\n//# sourceURL=${BUNDLE_NAME}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${inline}\n`,
    sourceMap: mapText,
  };
}
