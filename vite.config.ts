import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Multi-threaded WASM (onnxruntime-web) needs a cross-origin isolated page (docs/stack.md).
const isolation = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

const apiServer = process.env.API_ORIGIN ?? "http://127.0.0.1:5000";
const proxied = ["/luna-remote-sdk", "/models", "/healthcheck", "/pyodide"];

export default defineConfig({
  root: "web",
  publicDir: "../public",
  plugins: [react()],
  build: { outDir: "../dist/web", emptyOutDir: true },
  worker: { format: "es" },
  // onnxruntime-web ships its own .wasm next to its ESM; pre-bundling it breaks those paths in dev.
  optimizeDeps: { exclude: ["onnxruntime-web"] },
  server: {
    headers: isolation,
    proxy: Object.fromEntries(proxied.map((p) => [p, { target: apiServer, changeOrigin: false }])),
  },
  preview: { headers: isolation },
});
