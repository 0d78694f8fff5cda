/**
 * The request objects user code receives: HandlersLambdaRequest (msgpack from Luna-Handlers, with
 * `data` validated lazily on first access) and StandaloneLambdaRequest (`json`). Platform-neutral:
 * the runtime (server process, browser worker) hands in the raw request.
 */
import { decode } from "@msgpack/msgpack";
import { Errors, LunaError } from "../luna/errors.ts";
import { handlersInputSchema, type HandlersInput } from "../luna/schemas/handlersInput.ts";
import { parseInput } from "../luna/validate.ts";
import type { Clients } from "./clients/clients.ts";
import type { LambdaSettings } from "./settings.ts";

export interface IncomingLambdaRequest {
  method: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  query: Record<string, string>;
  body: Uint8Array;
  requestId: string;
}

abstract class BaseLambdaRequest {
  /** The optional `UserCtx` instance of the lambda module. */
  userCtx: unknown = undefined;

  constructor(
    protected readonly incoming: IncomingLambdaRequest,
    readonly clients: Clients,
    private readonly settings?: Pick<LambdaSettings, "ADDITIONAL_SERVICES_USAGE">,
  ) {}

  /** Which optional services this lambda may use (ADDITIONAL_SERVICES_USAGE): luna_events, luna_image_store, luna_sender. */
  get servicesUsage(): LambdaSettings["ADDITIONAL_SERVICES_USAGE"] {
    return {
      luna_events: true,
      luna_image_store: true,
      luna_sender: true,
      ...this.settings?.ADDITIONAL_SERVICES_USAGE,
    };
  }

  get headers(): Record<string, string> {
    return this.incoming.headers;
  }

  get query(): Record<string, string> {
    return this.incoming.query;
  }

  /** Python's `request.args`. */
  get args(): Record<string, string> {
    return this.incoming.query;
  }

  get requestId(): string {
    return this.incoming.requestId;
  }

  /** The raw body bytes. */
  getBody(): Uint8Array {
    return this.incoming.body;
  }

  get body(): Uint8Array {
    return this.incoming.body;
  }

  protected contentType(): string {
    return (this.incoming.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  }
}

export class HandlersLambdaRequest extends BaseLambdaRequest {
  private parsed: HandlersInput | undefined;

  /** `Luna-Handler-Id` of the calling handler, if any. */
  get handlerId(): string | null {
    return this.incoming.headers["luna-handler-id"] ?? null;
  }

  /** `Luna-Event-Time`: when the event Luna-Handlers handles happened, if it said. */
  get eventTime(): string | null {
    return this.incoming.headers["luna-event-time"] ?? null;
  }

  /** `Luna-Event-End-Time`, for events with a duration. */
  get eventEndTime(): string | null {
    return this.incoming.headers["luna-event-end-time"] ?? null;
  }

  /**
   * The validated body. Not application/msgpack → 400/12017; a body that does not decode or
   * validate → 400/12047 naming the failing path. Validated once, on first access.
   */
  get data(): HandlersInput {
    if (this.parsed) return this.parsed;
    const type = this.contentType();
    if (type !== "application/msgpack" && type !== "application/x-msgpack") throw new LunaError(Errors.BadContentType);
    let value: unknown;
    try {
      value = decode(this.incoming.body);
    } catch {
      throw new LunaError(Errors.BadInputMsgpack, "(root)", "body is not valid msgpack");
    }
    this.parsed = parseInput(handlersInputSchema, value, "msgpack");
    return this.parsed;
  }
}

export class StandaloneLambdaRequest extends BaseLambdaRequest {
  private parsedJson: unknown;
  private hasJson = false;

  /** The JSON body (12002 when it is not JSON). */
  get json(): unknown {
    if (this.hasJson) return this.parsedJson;
    try {
      this.parsedJson = JSON.parse(new TextDecoder().decode(this.incoming.body));
    } catch {
      throw new LunaError(Errors.RequestNotContainsJson);
    }
    this.hasJson = true;
    return this.parsedJson;
  }
}
