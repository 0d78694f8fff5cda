/**
 * The browser engine's choices, kept per browser profile (localStorage) like the account id: they
 * are about this machine's speed, not about the project, so they are not saved in it or exported.
 */
const FAST_WASM_EMOTIONS_KEY = "luna-lambda-playground:fast-wasm-emotions";

/** Browser · WASM runs the emotion model at 192 px (FAST_WASM_INPUT_SIZES, docs/inference.md); off by default. */
export function fastWasmEmotions(): boolean {
  return localStorage.getItem(FAST_WASM_EMOTIONS_KEY) === "1";
}

export function setFastWasmEmotions(on: boolean): void {
  if (on) localStorage.setItem(FAST_WASM_EMOTIONS_KEY, "1");
  else localStorage.removeItem(FAST_WASM_EMOTIONS_KEY);
}
