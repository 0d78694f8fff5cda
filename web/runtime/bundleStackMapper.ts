/**
 * Stack traces of a browser lambda in the user's own lines: the worker runs the esbuild bundle as
 * `lambda_main.js` (its sourceURL) and V8 does not apply source maps to `error.stack`, so frames
 * of the bundle are mapped back through its source map here (`lambda_main.ts:4:9`), and the
 * worker's own frames are dropped (shared/lambda/stackTrace.ts).
 */
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";
import { cleanStack } from "../../shared/lambda/stackTrace.ts";

/**
 * `lineOffset`: lines the host put before the bundle's first line (`new Function` adds two: its
 * header and the opening brace).
 */
export function bundleStackMapper(
  sourceMap: string,
  bundleName: string,
  lineOffset: number,
  runtimeOrigin: string,
): (stack: string) => string {
  const map = new TraceMap(sourceMap);
  const frame = new RegExp(`${bundleName.replaceAll(".", "\\.")}:(\\d+):(\\d+)`, "g");
  return (stack) => {
    const mapped = stack.replace(frame, (whole, line: string, column: string) => {
      const position = originalPositionFor(map, { line: Number(line) - lineOffset, column: Number(column) - 1 });
      if (!position.source || position.line === null) return whole;
      return `${position.source.replace(/^lambda:/, "")}:${position.line}:${position.column + 1}`;
    });
    return cleanStack(mapped, { lambdaRoots: [], runtimeRoots: [`${runtimeOrigin}/`] });
  };
}
