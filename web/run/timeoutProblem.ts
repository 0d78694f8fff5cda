/** The browser run's timeout as typed: whole seconds from 1 to 600, or what is wrong with it. */
export function timeoutProblem(text: string): string | null {
  if (text.trim() === "") return "the timeout needs a value (1–600 s)";
  const seconds = Number(text);
  if (!Number.isInteger(seconds)) return "the timeout is whole seconds (1–600)";
  if (seconds < 1 || seconds > 600) return `the timeout is 1–600 s, not ${seconds}`;
  return null;
}
