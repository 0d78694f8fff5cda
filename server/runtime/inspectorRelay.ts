/**
 * Inside a debug lambda's sandbox (part of the prebuilt runtime, sandboxRuntime.ts): starts the
 * TypeScript runner with Node's inspector on the sandbox's own loopback, and carries DevTools'
 * connections to it. The sandbox has its own network namespace, so no port inside it can be
 * reached from the host; instead the host listens on a Unix socket in a folder bound in
 * read-only (/debug), and this relay keeps one spare connection to it open: when the host pairs
 * a DevTools connection with the spare (its first bytes arrive), the relay connects that one to
 * the inspector and opens the next spare (inspectorBridge.ts is the host's side). The lambda's
 * folder stays unwritable; the relay is a process of its own, not a thread of the runner, because
 * a lambda paused at a breakpoint stops its own event loop while DevTools' messages must flow.
 *
 * argv: <socket path> <inspector port> <extra fds> -- <runner's node arguments…>
 */
import { spawn } from "node:child_process";
import net from "node:net";

const [socketArg, port, extraFds, separator, ...runnerArgs] = process.argv.slice(2);
if (!socketArg || !port || !extraFds || separator !== "--") {
  process.stderr.write("inspector relay: usage: <socket> <port> <extra fds> -- <node args…>\n");
  process.exit(2);
}
const socketPath: string = socketArg;

// The channel (fd 3) and any further pipes pass through to the runner as they are.
const stdio: ("ignore" | "inherit")[] = ["ignore", "inherit", "inherit"];
for (let fd = 0; fd < Number(extraFds); fd++) stdio.push("inherit");
const runner = spawn(process.execPath, runnerArgs, { stdio, env: process.env });
runner.on("exit", (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  process.exit(code ?? 1);
});

/** Retry pause while the host's socket is not there (yet, or any more). */
const RETRY_MS = 250;

function openSpare(): void {
  const host = net.connect(socketPath);
  let used = false;
  host.once("data", (first: Buffer) => {
    used = true;
    openSpare();
    const inspector = net.connect(Number(port), "127.0.0.1");
    const close = () => {
      host.destroy();
      inspector.destroy();
    };
    inspector.on("error", close).on("close", close);
    host.on("close", close);
    inspector.write(first);
    host.pipe(inspector).pipe(host);
  });
  host.on("error", () => host.destroy());
  host.on("close", () => {
    if (!used) setTimeout(openSpare, RETRY_MS).unref();
  });
}
openSpare();
