/** Luna Sender client: publish user events to the handler's WebSocket subscribers. */
import { lunaRequest, type LunaResponse, type ServiceEndpoint } from "./lunaHttp.ts";

export class SenderClient {
  constructor(private readonly endpoint: ServiceEndpoint) {}

  getAddress(): string {
    return this.endpoint.baseUri;
  }

  publish(options: {
    events: unknown[];
    handlerId: string;
    eventCreateTime?: string;
    eventEndTime?: string;
    raiseError?: boolean;
  }): Promise<LunaResponse<{ delivered: number }>> {
    return lunaRequest(this.endpoint, {
      method: "POST",
      path: "/publish",
      json: {
        events: options.events,
        handler_id: options.handlerId,
        event_create_time: options.eventCreateTime,
        event_end_time: options.eventEndTime,
      },
      raiseError: options.raiseError,
    });
  }
}
