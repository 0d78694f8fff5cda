/** `npm run dev`: the API server (restarting on change) and Vite's dev server with hot reload. */
import { spawn } from "node:child_process";

const children = [
  spawn("npx", ["tsx", "watch", "server/main.ts", "serve"], { stdio: "inherit" }),
  spawn("npx", ["vite", "--host", "127.0.0.1", "--port", "5173"], { stdio: "inherit" }),
];
const stop = () => children.forEach((c) => c.kill("SIGTERM"));
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
children.forEach((c) =>
  c.on("exit", (code) => {
    if (code) {
      stop();
      process.exitCode = code;
    }
  }),
);
