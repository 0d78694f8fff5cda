/** Server settings from the environment, parsed once (bad values stop the start with a clear message). */
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { z } from "zod";
import type { MatcherIndexOptions } from "./services/matcherIndex/matcherIndex.ts";

const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(5000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATA_DIR: z.string().min(1).default(".data"),
  MODELS_DIR: z.string().min(1).default("models"),
  LOG_LEVEL: z.enum(["debug", "info", "warning", "error", "silent"]).default("info"),
  /** Intra-op threads per ORT session: 2 beat 1 at concurrency 1 and 2 on 2 cores (BENCHMARKS.md). */
  ORT_THREADS: positiveInt.default(Math.min(2, availableParallelism())),
  DETECTION_THRESHOLD: z.coerce.number().min(0).max(1).default(0.7),
  /** 1: a detected box counts only when the descriptor model sees a face in it (docs/inference.md, "False faces"). */
  FACE_CHECK: z.enum(["0", "1"]).default("1"),
  /** none: each model loads at the first request that needs it (docs/inference.md); all: every model at start. */
  PRELOAD_MODELS: z.enum(["none", "all"]).default("none"),
  MAX_IMAGE_PIXELS: positiveInt.default(40_000_000),
  MAX_BODY_BYTES: positiveInt.default(64 * 1024 * 1024),
  MAX_IMAGES: positiveInt.default(32),
  /** Pixels of all images of one /sdk request together, read from the image headers before decoding. */
  MAX_REQUEST_PIXELS: positiveInt.default(100_000_000),
  /** Face boxes (face_detection_data + face_bounding_boxes) per /sdk image: each is a detector run. */
  MAX_BOXES_PER_IMAGE: positiveInt.default(32),
  /** Host names (besides loopback) the server answers to: no DNS rebinding. */
  ALLOWED_HOSTS: z.string().default(""),
  /** Origins (scheme://host[:port]) besides the server's own that may send state-changing requests. */
  ALLOWED_ORIGINS: z.string().default(""),
  /** The access token; generated at start when HOST is not loopback and none is given. */
  AUTH_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** PostgreSQL (with pgvector) instead of the embedded PGlite database. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL")
    .optional(),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  /** Build an HNSW index for face matching (approximate, fast at 100k+ faces); exact search otherwise. */
  MATCHER_HNSW: z.enum(["0", "1"]).default("0"),
  MATCHER_EF_SEARCH: positiveInt.default(200),
  /** The in-memory matcher index (docs/matcher.md): exact int8 scans, or IVF on accounts with MATCHER_IVF_MIN_FACES+ faces. */
  MATCHER_SEARCH: z.enum(["exact", "ivf"]).default("exact"),
  MATCHER_IVF_PROBES: positiveInt.default(256),
  MATCHER_IVF_MIN_FACES: positiveInt.default(50_000),
  /** Worker threads sharing one exact scan of a large account (0: on the event loop). */
  MATCHER_THREADS: z.coerce.number().int().min(0).default(Math.min(2, availableParallelism())),
  /** Per-request time limit, memory cap (all resident memory) and CPU seconds of each sandboxed lambda process. */
  LAMBDA_TIMEOUT_MS: positiveInt.default(30_000),
  LAMBDA_MEMORY_MB: positiveInt.default(512),
  LAMBDA_CPU_SECONDS: positiveInt.default(600),
  LAMBDA_MAX_PROCESSES: positiveInt.default(8),
  /** Requests one lambda process answers at once (LUNA's lambdas are async servers); more wait in order. */
  LAMBDA_CONCURRENCY: positiveInt.default(16),
  /** auto: bubblewrap where it starts, else Node's permission model only; required: refuse lambdas without it; off: never. */
  LAMBDA_SANDBOX: z.enum(["auto", "required", "off"]).default("auto"),
  /** The bubblewrap program (a path, or a name looked up in PATH). */
  LAMBDA_BWRAP: z.string().min(1).default("bwrap"),
  /** Hosts (host or host:port, comma-separated) lambdas may reach besides the embedded services. */
  LAMBDA_ALLOWED_HOSTS: z.string().default(""),
});

export type ServerConfig = {
  port: number;
  host: string;
  dataDir: string;
  modelsDir: string;
  webDistDir: string;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  ortThreads: number;
  preloadModels: "none" | "all";
  detectionThreshold: number;
  faceCheck: boolean;
  maxImagePixels: number;
  maxBodyBytes: number;
  maxImages: number;
  maxRequestPixels: number;
  maxBoxesPerImage: number;
  /** Lower-case host names or addresses (no port) allowed besides loopback. */
  allowedHosts: string[];
  /** Lower-case origins allowed to send state-changing requests besides the server's own. */
  allowedOrigins: string[];
  /** AUTH_TOKEN as given (null: none; startServer generates one when HOST is not loopback). */
  authToken: string | null;
  databaseUrl: string | null;
  databasePoolSize: number;
  matcherHnsw: boolean;
  matcherIndex: MatcherIndexOptions;
  matcherEfSearch: number;
  lambdaTimeoutMs: number;
  lambdaMemoryMb: number;
  lambdaCpuSeconds: number;
  lambdaMaxProcesses: number;
  lambdaConcurrency: number;
  lambdaSandbox: "auto" | "required" | "off";
  lambdaBwrap: string;
  lambdaAllowedHosts: string[];
};

function commaList(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== "");
}

export function loadConfig(env: Record<string, string | undefined> = process.env, root = process.cwd()): ServerConfig {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== "")));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`bad environment variable ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(root, e.DATA_DIR),
    modelsDir: resolve(root, e.MODELS_DIR),
    webDistDir: resolve(root, "dist/web"),
    logLevel: e.LOG_LEVEL,
    ortThreads: e.ORT_THREADS,
    preloadModels: e.PRELOAD_MODELS,
    detectionThreshold: e.DETECTION_THRESHOLD,
    faceCheck: e.FACE_CHECK === "1",
    maxImagePixels: e.MAX_IMAGE_PIXELS,
    maxBodyBytes: e.MAX_BODY_BYTES,
    maxImages: e.MAX_IMAGES,
    maxRequestPixels: e.MAX_REQUEST_PIXELS,
    maxBoxesPerImage: e.MAX_BOXES_PER_IMAGE,
    allowedHosts: commaList(e.ALLOWED_HOSTS),
    allowedOrigins: commaList(e.ALLOWED_ORIGINS).map((o) => o.replace(/\/+$/, "")),
    authToken: e.AUTH_TOKEN ?? null,
    databaseUrl: e.DATABASE_URL ?? null,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    matcherHnsw: e.MATCHER_HNSW === "1",
    matcherEfSearch: e.MATCHER_EF_SEARCH,
    matcherIndex: {
      mode: e.MATCHER_SEARCH,
      probes: e.MATCHER_IVF_PROBES,
      ivfMinFaces: e.MATCHER_IVF_MIN_FACES,
      threads: e.MATCHER_THREADS,
    },
    lambdaTimeoutMs: e.LAMBDA_TIMEOUT_MS,
    lambdaMemoryMb: e.LAMBDA_MEMORY_MB,
    lambdaCpuSeconds: e.LAMBDA_CPU_SECONDS,
    lambdaMaxProcesses: e.LAMBDA_MAX_PROCESSES,
    lambdaConcurrency: e.LAMBDA_CONCURRENCY,
    lambdaSandbox: e.LAMBDA_SANDBOX,
    lambdaBwrap: e.LAMBDA_BWRAP,
    lambdaAllowedHosts: e.LAMBDA_ALLOWED_HOSTS.split(",")
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  };
}
