/**
 * Command line: `serve` (the default) starts the playground with the embedded Luna services.
 * Later issues add run-lambda, export and bench here.
 */
import { loadConfig } from "./config.ts";
import { createLogger } from "./logger.ts";
import { serveStandaloneLambda } from "./standaloneLambda.ts";
import { startServer } from "./startServer.ts";

const USAGE = `usage: tsx server/main.ts [serve] [--port N] [--host H] [--data-dir DIR]
       tsx server/main.ts lambda <folder|zip> [--port 8000] [--host H]   (npm run lambda -- <folder|zip>)

serve   the playground with the embedded Luna services (default port 5000)
lambda  one lambda on its own, POST /main (default port 8000), sandboxed as the lambda service runs it;
        its services default to LUNA_SERVICES_ORIGIN (http://127.0.0.1:5000), lambda.json settings override

Environment: PORT (5000), HOST (127.0.0.1), DATA_DIR (.data), MODELS_DIR (models), LOG_LEVEL (info),
ORT_THREADS (min(2, cores)), DETECTION_THRESHOLD (0.7), MAX_IMAGE_PIXELS, MAX_BODY_BYTES, MAX_IMAGES.`;

function parseArgs(argv: string[]): { command: string; env: Record<string, string>; target: string | null } {
  const env: Record<string, string> = {};
  let command = "serve";
  let target: string | null = null;
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
    else if (!arg.startsWith("-") && command === "lambda" && target === null) target = arg;
    else throw new Error(`unknown argument '${arg}'`);
  }
  return { command, env, target };
}

async function main(): Promise<void> {
  const { command, env, target } = parseArgs(process.argv.slice(2));
  if (command === "help") {
    console.log(USAGE);
    return;
  }
  if (command === "lambda") {
    if (!target) throw new Error(`lambda needs a folder or zip\n${USAGE}`);
    const config = loadConfig({ PORT: "8000", ...process.env, ...env });
    const lambda = await serveStandaloneLambda({
      source: target,
      port: config.port,
      host: config.host,
      servicesOrigin: process.env.LUNA_SERVICES_ORIGIN ?? "http://127.0.0.1:5000",
      timeoutMs: config.lambdaTimeoutMs,
      memoryMb: config.lambdaMemoryMb,
      modelsDir: config.modelsDir,
      logger: createLogger(config.logLevel),
    });
    const stopLambda = () => void lambda.close().then(() => process.exit(0));
    process.once("SIGINT", stopLambda);
    process.once("SIGTERM", stopLambda);
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
