/**
 * Import boundaries between the rooms (docs/architecture.md): shared/ runs in Node, the browser and
 * workers, so it imports nothing platform-bound; web/ and server/ meet only through shared/ and HTTP.
 * Paths are resolved (tsconfig paths, `.ts` extensions), so `web/server/` — a folder of the web room —
 * is told apart from `server/`. Run by `npm run lint`; test/integration/tooling/boundaries.test.ts
 * proves that a violation fails.
 */

/** Packages that only run in Node (native addons, servers, the file system). */
const NODE_ONLY = [
  "express",
  "sharp",
  "onnxruntime-node",
  "pg",
  "busboy",
  "ws",
  "esbuild",
  "@electric-sql/pglite",
  "@electric-sql/pglite-pgvector",
  "@electric-sql/pglite-socket",
  "yaml",
  "tsx",
];
/** Packages that need the DOM or belong to the playground's UI. */
const BROWSER_ONLY = [
  "react",
  "react-dom",
  "monaco-editor",
  "idb-keyval",
  "zustand",
  "onnxruntime-web",
  "esbuild-wasm",
];

const packages = (names) => `node_modules/(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")).join("|")})/`;

/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "shared-imports-no-room",
      comment: "shared/ is the isomorphic core: it must not import from server/ or web/.",
      severity: "error",
      from: { path: "^shared/" },
      to: { path: "^(server|web)/" },
    },
    {
      name: "shared-imports-no-node-builtin",
      comment:
        "shared/ runs in the browser too: no node:* modules. Take the platform through an interface (see InferenceBackend).",
      severity: "error",
      from: { path: "^shared/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "shared-imports-no-platform-package",
      comment: "shared/ runs in Node and in the browser: no Node-only or browser-only package.",
      severity: "error",
      from: { path: "^shared/" },
      to: { path: packages([...NODE_ONLY, ...BROWSER_ONLY]) },
    },
    {
      name: "web-imports-no-server",
      comment: "web/ talks to the server over HTTP only; what both need lives in shared/.",
      severity: "error",
      from: { path: "^web/" },
      to: { path: "^server/" },
    },
    {
      name: "web-imports-no-node",
      comment: "web/ runs in the browser: no node:* modules and no Node-only package.",
      severity: "error",
      from: { path: "^web/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "web-imports-no-node-package",
      comment: "web/ runs in the browser: no Node-only package.",
      severity: "error",
      from: { path: "^web/" },
      to: { path: packages(NODE_ONLY) },
    },
    {
      name: "server-imports-no-web",
      comment: "server/ serves the built playground as files; it never imports web/ code.",
      severity: "error",
      from: { path: "^server/" },
      to: { path: "^web/" },
    },
    {
      name: "server-imports-no-browser-package",
      comment: "server/ runs in Node: no DOM or UI package (onnxruntime-web and esbuild-wasm have Node twins).",
      severity: "error",
      from: { path: "^server/" },
      to: { path: packages(["react", "react-dom", "monaco-editor", "idb-keyval", "zustand"]) },
    },
  ],
  options: {
    // Type-only imports count: a type from server/ in shared/ couples the rooms just the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|dist|models|test/fixtures)/" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
