/**
 * Command line: `serve` (the default) starts the playground with the embedded Luna services.
 * Later issues add run-lambda, export and bench here.
 */
import { loadConfig } from "./config.ts";
import { startServer } from "./startServer.ts";

const USAGE = `usage: tsx server/main.ts [serve] [--port N] [--host H] [--data-dir DIR]

Environment: PORT (5000), HOST (127.0.0.1), DATA_DIR (.data), MODELS_DIR (models), LOG_LEVEL (info),
ORT_THREADS (min(2, cores)), DETECTION_THRESHOLD (0.7), MAX_IMAGE_PIXELS, MAX_BODY_BYTES, MAX_IMAGES.`;

function parseArgs(argv: string[]): { command: string; env: Record<string, string> } {
  const env: Record<string, string> = {};
  let command = "serve";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--port") env.PORT = value();
    else if (arg === "--host") env.HOST = value();
    else if (arg === "--data-dir") env.DATA_DIR = value();
    else if (arg === "-h" || arg === "--help") command = "help";
    else if (!arg.startsWith("-") && i === 0) command = arg;
    else throw new Error(`unknown argument '${arg}'`);
  }
  return { command, env };
}

async function main(): Promise<void> {
  const { command, env } = parseArgs(process.argv.slice(2));
  if (command === "help") {
    console.log(USAGE);
    return;
  }
  if (command !== "serve") throw new Error(`unknown command '${command}'\n${USAGE}`);
  const server = await startServer(loadConfig({ ...process.env, ...env }));
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`luna-lambda-playground: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
