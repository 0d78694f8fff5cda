/** A small levelled logger writing one line per record (request id included when known). */
export type LogLevel = "debug" | "info" | "warning" | "error" | "silent";
const order: Record<LogLevel, number> = { debug: 10, info: 20, warning: 30, error: 40, silent: 100 };

export interface Logger {
  debug(message: string, requestId?: string): void;
  info(message: string, requestId?: string): void;
  warning(message: string, requestId?: string): void;
  error(message: string, requestId?: string): void;
}

export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Logger {
  const log = (at: Exclude<LogLevel, "silent">) => (message: string, requestId?: string) => {
    if (order[at] < order[level]) return;
    write(`${new Date().toISOString()} ${at.toUpperCase()} ${requestId ? `[${requestId}] ` : ""}${message}`);
  };
  return { debug: log("debug"), info: log("info"), warning: log("warning"), error: log("error") };
}
