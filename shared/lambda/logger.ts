/**
 * The lambda logger (`import { logger } from "luna-lambda-tools"`): levels as in
 * LUNA_LAMBDA_UNIT_LOGGER, the request id in every line, written to a sink the runtime chooses
 * (stdout in a process, the playground's log panel in the browser).
 */
import { singleRequestContext, type RequestContext } from "./requestContext.ts";

export type LogLevelName = "DEBUG" | "INFO" | "WARNING" | "ERROR";
const ORDER: Record<LogLevelName, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40 };

export interface LogRecord {
  time: string;
  level: LogLevelName;
  requestId: string | null;
  message: string;
}

export type LogSink = (record: LogRecord) => void;

function format(args: unknown[], stack: (error: Error) => string): string {
  return args.map((a) => (typeof a === "string" ? a : a instanceof Error ? stack(a) : safeJson(a))).join(" ");
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) =>
      v instanceof Uint8Array ? `<${v.length} bytes>` : typeof v === "bigint" ? String(v) : v,
    );
  } catch {
    return String(value);
  }
}

export class LambdaLogger {
  private level: LogLevelName = "INFO";
  private utc = false;
  private sink: LogSink = (r) =>
    console.log(`[${r.time}] ${r.level} ${r.requestId ? `[${r.requestId}] ` : ""}${r.message}`);
  private context: RequestContext = singleRequestContext();
  private stack: (error: Error) => string = (error) => error.stack ?? error.message;

  /**
   * `context`: how the host tells which request is running (concurrent hosts use async context);
   * `stack`: how a logged error's stack reads (the host maps it to the user's files, stackTrace.ts).
   */
  configure(options: {
    level?: LogLevelName;
    utc?: boolean;
    sink?: LogSink;
    context?: RequestContext;
    stack?: (error: Error) => string;
  }): void {
    if (options.level) this.level = options.level;
    if (options.utc !== undefined) this.utc = options.utc;
    if (options.sink) this.sink = options.sink;
    if (options.context) this.context = options.context;
    if (options.stack) this.stack = options.stack;
  }

  /** The id of the request whose code is running now (null outside a request). */
  get requestId(): string | null {
    return this.context.current();
  }

  /** Runs one request's work; every line it logs carries `requestId`. */
  withRequest<T>(requestId: string | null, work: () => Promise<T>): Promise<T> {
    return this.context.run(requestId, work);
  }

  private write(level: LogLevelName, args: unknown[]): void {
    if (ORDER[level] < ORDER[this.level]) return;
    const now = new Date();
    const time = this.utc
      ? now.toISOString()
      : new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().replace("Z", "");
    this.sink({ time, level, requestId: this.requestId, message: format(args, this.stack) });
  }

  debug(...args: unknown[]): void {
    this.write("DEBUG", args);
  }
  info(...args: unknown[]): void {
    this.write("INFO", args);
  }
  warning(...args: unknown[]): void {
    this.write("WARNING", args);
  }
  /** Python's logger.warn alias. */
  warn(...args: unknown[]): void {
    this.write("WARNING", args);
  }
  error(...args: unknown[]): void {
    this.write("ERROR", args);
  }
  exception(...args: unknown[]): void {
    this.write("ERROR", args);
  }
}

export const logger = new LambdaLogger();
