/**
 * The command line (`npm run cli -- <command>`, `npx luna-lambda-playground <command>`):
 * `serve` (the default) starts the playground with the embedded Luna services; `lambda` serves one
 * lambda; `run` calls one once; `export` makes the runnable project zip; `sdk` prints the Remote
 * SDK reply for image files; `bench` runs the benchmarks.
 */
import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig } from "./config.ts";
import { createLogger } from "./logger.ts";
import { serveStandaloneLambda } from "./standaloneLambda.ts";
import { startServer } from "./startServer.ts";
import { exportCommand } from "./cli/exportCommand.ts";
import { lambdaCallFromFiles, runLambdaCalls } from "./cli/runCommand.ts";
import { runSdkCommand, sdkFlagsFromEstimates } from "./cli/sdkCommand.ts";
import { LunaError } from "../shared/luna/errors.ts";
import { supportedSdkFlags } from "../shared/luna/schemas/sdk.ts";

/** The /sdk flags as --estimate names (estimate_ dropped), wrapped under the help's second column. */
const ESTIMATE_NAMES = supportedSdkFlags
  .filter((flag) => flag !== "detect_face")
  .map((flag) => flag.replace(/^estimate_/, ""))
  .join(", ")
  .replace(/(.{1,70})(, |$)/g, (_, line: string, sep: string) => `${line}${sep.trim()}\n${" ".repeat(33)}`)
  .trimEnd();

const USAGE = `usage: luna-lambda-playground <command> [options]      (npm run cli -- <command>; npm start = serve)

commands:
  serve                          the playground with the embedded Luna services (default port 5000)
        [--port N] [--host H] [--data-dir DIR]
  lambda <dir|zip>               one lambda on its own, POST /main (default port 8000), sandboxed as the
        [--port N] [--host H]    lambda service runs it
  run <dir|zip>                  call the lambda once and print its reply as JSON {status, body}
        --request FILE           a saved request (.msgpack, or .json for standalone lambdas), or
        --image FILE …           image files, sent as a handlers request (repeat --image)
  export <project.json|dir|zip>  the runnable project zip (npm install && npm start serves POST /main);
        [-o FILE] [--name NAME]  a playground project file or a lambda folder/zip; requests without a
                                 saved reply are run once so the project's npm test can compare
  sdk <image…>                   the Remote SDK reply for image files, printed as JSON (no server);
        [--estimate a,b,…]       ${ESTIMATE_NAMES}
  bench [services|lambda|browser]  the benchmarks; writes BENCHMARKS.md

options of run and export:
  --services ORIGIN   the Luna services to call (e.g. http://127.0.0.1:5000); default for lambda:
                      LUNA_SERVICES_ORIGIN, else lambda.json, else http://127.0.0.1:5000; default for
                      run/export: embedded services started for the command (throw-away data)
  --account ID        the Luna-Account-Id sent with the request (default: a new UUID)

Exit codes: 0 done (run: the lambda answered 2xx), 1 failed (run: any other reply), 2 bad command line.

Environment: PORT (5000), HOST (127.0.0.1), DATA_DIR (.data), MODELS_DIR (models), LOG_LEVEL (info),
ORT_THREADS (min(2, cores)), DETECTION_THRESHOLD (0.7), FACE_CHECK (1), MAX_IMAGE_PIXELS,
MAX_BODY_BYTES, MAX_IMAGES, MAX_REQUEST_PIXELS, MAX_BOXES_PER_IMAGE, LAMBDA_TIMEOUT_MS, LAMBDA_MEMORY_MB, DATABASE_URL (PostgreSQL
instead of the embedded PGlite), ALLOWED_HOSTS, ALLOWED_ORIGINS, AUTH_TOKEN (required, and generated
when not given, whenever HOST is not loopback; serve prints the URL that sets it).`;

const COMMANDS = ["serve", "lambda", "run", "export", "sdk", "bench", "help"] as const;
type Command = (typeof COMMANDS)[number];

class UsageError extends Error {}

interface Args {
  command: Command;
  env: Record<string, string>;
  positional: string[];
  estimate: string;
  request: string | null;
  images: string[];
  output: string | null;
  name: string | null;
  services: string | null;
  account: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = {
    command: "serve",
    env: {},
    positional: [],
    estimate: "",
    request: null,
    images: [],
    output: null,
    name: null,
    services: null,
    account: crypto.randomUUID(),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === "--port") args.env.PORT = value();
    else if (arg === "--host") args.env.HOST = value();
    else if (arg === "--data-dir") args.env.DATA_DIR = value();
    else if (arg === "--estimate") args.estimate = value();
    else if (arg === "--request") args.request = value();
    else if (arg === "--image") args.images.push(value());
    else if (arg === "-o" || arg === "--output") args.output = value();
    else if (arg === "--name") args.name = value();
    else if (arg === "--services") args.services = value();
    else if (arg === "--account") args.account = value();
    else if (arg === "-h" || arg === "--help") args.command = "help";
    else if (!arg.startsWith("-") && i === 0) {
      if (!(COMMANDS as readonly string[]).includes(arg)) throw new UsageError(`unknown command '${arg}'`);
      args.command = arg as Command;
    } else if (!arg.startsWith("-")) args.positional.push(arg);
    else throw new UsageError(`unknown argument '${arg}'`);
  }
  const expected: Record<Command, [number, number]> = {
    serve: [0, 0],
    lambda: [1, 1],
    run: [1, 1],
    export: [1, 1],
    sdk: [1, Infinity],
    bench: [0, 1],
    help: [0, Infinity],
  };
  const [min, max] = expected[args.command];
  if (args.positional.length < min)
    throw new UsageError(
      `${args.command} needs ${args.command === "sdk" ? "at least one image file" : "a lambda folder or zip"}`,
    );
  if (args.positional.length > max) throw new UsageError(`unexpected argument '${args.positional[max]}'`);
  return args;
}

function stopOnSignal(close: () => Promise<void>): void {
  const stop = () => void close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

async function main(): Promise<number | null> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig({ ...process.env, ...args.env });
  switch (args.command) {
    case "help":
      console.log(USAGE);
      return 0;
    case "sdk": {
      let flags: ReturnType<typeof sdkFlagsFromEstimates>;
      try {
        flags = sdkFlagsFromEstimates(args.estimate);
      } catch (error) {
        throw new UsageError(`--estimate: ${error instanceof LunaError ? error.detail : String(error)}`);
      }
      console.log(await runSdkCommand(args.positional, flags, config));
      return 0;
    }
    case "run": {
      if (!args.request && args.images.length === 0) throw new UsageError("run needs --request FILE or --image FILE");
      if (args.request && args.images.length > 0) throw new UsageError("run takes --request or --image, not both");
      const call = lambdaCallFromFiles(args.request, args.images, args.account);
      const logger = createLogger("info", (line) => process.stderr.write(`${line}\n`));
      const [reply] = await runLambdaCalls(args.positional[0]!, [call], args.services, config, { logger });
      console.log(JSON.stringify({ status: reply!.status, body: reply!.body ?? null }, null, 2));
      return reply!.status >= 200 && reply!.status < 300 ? 0 : 1;
    }
    case "export": {
      const result = await exportCommand({
        input: args.positional[0]!,
        output: args.output,
        name: args.name,
        servicesOrigin: args.services,
        accountId: args.account,
        config,
      });
      const next =
        result.language === "python"
          ? "a LUNA Lambda archive: upload it to the Lambda service, or try it with `lambda <zip>`"
          : "unzip it, then npm install && npm start";
      console.log(
        `exported ${result.file} (${result.requests} saved request(s)${result.ran ? `, ${result.ran} run for their replies` : ""}); ${next}`,
      );
      return 0;
    }
    case "bench": {
      const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
      const only = args.positional[0];
      if (only && !["services", "lambda", "browser"].includes(only))
        throw new UsageError(`bench takes services, lambda or browser, not '${only}'`);
      const result = spawnSync(process.execPath, ["--import", "tsx", resolve(root, "bench/run.ts")], {
        cwd: root,
        stdio: "inherit",
        env: { ...process.env, ...(only ? { BENCH_ONLY: only } : {}) },
      });
      return result.status ?? 1;
    }
    case "lambda": {
      const lambdaConfig = loadConfig({ PORT: "8000", ...process.env, ...args.env });
      const lambda = await serveStandaloneLambda({
        source: args.positional[0]!,
        port: lambdaConfig.port,
        host: lambdaConfig.host,
        servicesOrigin: args.services ?? process.env.LUNA_SERVICES_ORIGIN ?? null,
        // The token of a playground that needs one (the one it printed at start-up), from AUTH_TOKEN.
        servicesToken: lambdaConfig.authToken,
        timeoutMs: lambdaConfig.lambdaTimeoutMs,
        concurrency: lambdaConfig.lambdaConcurrency,
        memoryMb: lambdaConfig.lambdaMemoryMb,
        maxBodyBytes: lambdaConfig.maxBodyBytes,
        allowedHosts: lambdaConfig.lambdaAllowedHosts,
        modelsDir: lambdaConfig.modelsDir,
        logger: createLogger(lambdaConfig.logLevel),
      });
      stopOnSignal(() => lambda.close());
      return null;
    }
    case "serve": {
      // As `npm start`: the playground bundle is built first when missing or older than its sources.
      const ensured = spawnSync(
        process.execPath,
        [resolve(dirname(fileURLToPath(import.meta.url)), "../scripts/ensure-web-build.mjs")],
        { stdio: "inherit" },
      );
      if (ensured.status !== 0) throw new Error("building the playground bundle failed");
      const server = await startServer(config);
      stopOnSignal(() => server.close());
      return null;
    }
  }
}

main().then(
  (code) => {
    // null: a server keeps running until a signal.
    if (code !== null) process.exit(code);
  },
  (error: unknown) => {
    console.error(`luna-lambda-playground: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError) console.error("see --help");
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);
