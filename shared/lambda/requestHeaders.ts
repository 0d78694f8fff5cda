/**
 * Which request headers reach a lambda through the lambda service's proxy, and what a header or
 * query entry the user types must look like. One rule for the proxy (server/services/lambdas.ts),
 * the saved-request layout and the playground's request panel, so a header the page accepts is
 * one the lambda really gets on every target.
 */

/** The headers the proxy always forwards: the body's type and Luna's own. */
const LUNA_FORWARDED = new Set([
  "content-type",
  "accept",
  "luna-account-id",
  "luna-handler-id",
  "luna-event-time",
  "luna-event-end-time",
]);

/** HTTP's token characters (RFC 9110 §5.6.2), the only ones a header name may have. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * True for a header the proxy hands to the lambda: Luna's, and custom `x-…` headers. Cookies,
 * Authorization (the control plane's token) and the browser's own headers stay with the proxy.
 */
export function isForwardedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  if (LUNA_FORWARDED.has(lower)) return true;
  return /^x-[a-z0-9-]+$/.test(lower) && !lower.startsWith("x-forwarded-");
}

/** Headers the page sets itself: typing them as extra headers would contradict the run. */
const SET_BY_THE_PAGE = new Set(["content-type", "luna-account-id", "luna-request-id"]);

/** What is wrong with an extra header the user typed, or null. */
export function extraHeaderProblem(name: string, value: string): string | null {
  const lower = name.toLowerCase();
  if (!name) return "a header needs a name";
  if (!TOKEN.test(name)) return `'${name}' is not a header name (letters, digits and - only, no spaces)`;
  if (SET_BY_THE_PAGE.has(lower))
    return `${name} is set by the playground (the account is in Settings, the content type follows the lambda type)`;
  if (lower === "luna-handler-id" || lower === "luna-event-time") return `${name} has its own field above`;
  if (!isForwardedHeader(lower))
    return `${name} would not reach the lambda: the lambda service forwards Luna-… and X-… headers only`;
  // fetch refuses values outside ISO-8859-1 and any line break; say so before a run fails on it.
  if (/[\r\n\0]/.test(value)) return `${name}: a header value cannot hold a line break`;
  if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) return `${name}: only Latin-1 characters fit in a header value`;
  return null;
}

/** What is wrong with a query parameter name, or null (the lambda sees the query as a flat name → value map). */
export function queryNameProblem(name: string): string | null {
  if (!name) return "a query parameter needs a name";
  if (!/^[A-Za-z0-9_.~-]{1,128}$/.test(name))
    return `'${name}' is not a plain query name (letters, digits, _ . ~ - only: brackets would nest it)`;
  return null;
}

/** A list of entries as a record, first problem found (a duplicate name, a bad entry) reported. */
export function namedValuesRecord(
  entries: readonly { name: string; value: string }[],
  problemOf: (name: string, value: string) => string | null,
  lowerCaseNames: boolean,
): { record: Record<string, string>; problems: { index: number; message: string }[] } {
  const record: Record<string, string> = {};
  const problems: { index: number; message: string }[] = [];
  entries.forEach((entry, index) => {
    const name = lowerCaseNames ? entry.name.trim().toLowerCase() : entry.name.trim();
    const problem = problemOf(entry.name.trim(), entry.value);
    if (problem) problems.push({ index, message: problem });
    else if (name in record) problems.push({ index, message: `'${entry.name.trim()}' is given twice` });
    else record[name] = entry.value;
  });
  return { record, problems };
}
