/** Messages between the server and a sandboxed lambda process (Node IPC, advanced serialisation). */
import type { LogRecord } from "../../shared/lambda/logger.ts";
import type { IncomingLambdaRequest } from "../../shared/lambda/request.ts";

/** The raw request, as the lambda's request object receives it (structured-cloned over IPC). */
export type SerializedRequest = IncomingLambdaRequest;

export interface EngineFailure {
  status: number;
  error_code: number;
  desc: string;
  detail: string;
}

export type ServerMessage =
  | { kind: "invoke"; id: number; request: SerializedRequest }
  | { kind: "engineReply"; id: number; result: unknown }
  | { kind: "engineError"; id: number; error: EngineFailure };

export type RunnerMessage =
  | { kind: "ready" }
  | { kind: "startFailed"; message: string }
  | { kind: "log"; record: LogRecord }
  | { kind: "reply"; id: number; status: number; body: unknown }
  | { kind: "engine"; id: number; operation: string; args: Record<string, unknown> };
