/**
 * Command line: `serve` (the default) starts the playground with the embedded Luna services.
 * `lambda` serves one lambda, `sdk` prints the Remote SDK reply for image files.
 */
import { loadConfig } from "./config.ts";
import { createLogger } from "./logger.ts";
import { serveStandaloneLambda } from "./standaloneLambda.ts";
import { startServer } from "./startServer.ts";
import { runSdkCommand, sdkFlagsFromEstimates } from "./sdkCommand.ts";
import { LunaError } from "../shared/luna/errors.ts";

const USAGE = `usage: tsx server/main.ts [serve] [--port N] [--host H] [--data-dir DIR]
       tsx server/main.ts lambda <folder|zip> [--port 8000] [--host H]   (npm run lambda -- <folder|zip>)
       tsx server/main.ts sdk <image…> [--estimate emotions,landmarks5,…]  (npm run cli -- sdk …)

serve   the playground with the embedded Luna services (default port 5000)
lambda  one lambda on its own, POST /main (default port 8000), sandboxed as the lambda service runs it;
        its services default to LUNA_SERVICES_ORIGIN (http://127.0.0.1:5000), lambda.json settings override
sdk     the Remote SDK reply for image files, printed as JSON (no server); --estimate takes /sdk flag names
        without the estimate_ prefix: landmarks5, landmarks68, face_warp, face_descriptor, basic_attributes,
        emotions, liveness, head_pose, eyes_attributes

Exit codes: 0 done, 1 failed, 2 bad command line.

Environment: PORT (5000), HOST (127.0.0.1), DATA_DIR (.data), MODELS_DIR (models), LOG_LEVEL (info),
ORT_THREADS (min(2, cores)), DETECTION_THRESHOLD (0.7), MAX_IMAGE_PIXELS, MAX_BODY_BYTES, MAX_IMAGES.`;

class UsageError extends Error {}

function parseArgs(argv: string[]): { command: string; env: Record<string, string>; target: string | null; images: string[]; estimate: string } {
  const env: Record<string, string> = {};
  let command = "serve";
  let target: string | null = null;
  const images: string[] = [];
  let estimate = "";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === "--port") env.PORT = value();
    else if (arg === "--host") env.HOST = value();
    else if (arg === "--data-dir") env.DATA_DIR = value();
    else if (arg === "--estimate") estimate = value();
    else if (arg === "-h" || arg === "--help") command = "help";
    else if (!arg.startsWith("-") && i === 0) command = arg;
    else if (!arg.startsWith("-") && command === "lambda" && target === null) target = arg;
    else if (!arg.startsWith("-") && command === "sdk") images.push(arg);
    else throw new UsageError(`unknown argument '${arg}'`);
  }
  return { command, env, target, images, estimate };
}

async function main(): Promise<void> {
  const { command, env, target, images, estimate } = parseArgs(process.argv.slice(2));
  if (command === "help") {
    console.log(USAGE);
    return;
  }
  if (command === "sdk") {
    if (images.length === 0) throw new UsageError("sdk needs at least one image file");
    let flags;
    try {
      flags = sdkFlagsFromEstimates(estimate);
    } catch (error) {
      throw new UsageError(`--estimate: ${error instanceof LunaError ? error.detail : String(error)}`);
    }
    console.log(await runSdkCommand(images, flags, loadConfig({ ...process.env, ...env })));
    return;
  }
  if (command === "lambda") {
    if (!target) throw new UsageError(`lambda needs a folder or zip\n${USAGE}`);
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
  if (command !== "serve") throw new UsageError(`unknown command '${command}'\n${USAGE}`);
  const server = await startServer(loadConfig({ ...process.env, ...env }));
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`luna-lambda-playground: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
