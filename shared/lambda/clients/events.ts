/** Luna Events client. `saveEvents` takes luna3-style Event objects or plain wire dicts. */
import { lunaRequest, type LunaResponse, type ServiceEndpoint } from "./lunaHttp.ts";

/** Anything with `asDict()` (the luna3 helper types) or an already built wire object. */
export type WireConvertible = { asDict(): Record<string, unknown> } | Record<string, unknown>;

export function toWire(value: WireConvertible): Record<string, unknown> {
  return typeof (value as { asDict?: unknown }).asDict === "function"
    ? (value as { asDict(): Record<string, unknown> }).asDict()
    : (value as Record<string, unknown>);
}

export class EventsClient {
  constructor(private readonly endpoint: ServiceEndpoint) {}

  getAddress(): string {
    return this.endpoint.baseUri;
  }

  saveEvents(
    events: WireConvertible[],
    options: { waitEventsSaving?: boolean; raiseError?: boolean } = {},
  ): Promise<LunaResponse<{ events: { event_id: string; url: string }[] }>> {
    return lunaRequest(this.endpoint, {
      method: "POST",
      path: "/events",
      query: {
        wait_events_saving: options.waitEventsSaving === undefined ? undefined : options.waitEventsSaving ? 1 : 0,
      },
      json: { events: events.map(toWire) },
      raiseError: options.raiseError,
    });
  }

  getEvent(options: { eventId: string; raiseError?: boolean }): Promise<LunaResponse> {
    return lunaRequest(this.endpoint, {
      method: "GET",
      path: `/events/${encodeURIComponent(options.eventId)}`,
      raiseError: options.raiseError,
    });
  }

  getEvents(
    options: {
      handlerId?: string;
      externalId?: string;
      createTimeGte?: string;
      createTimeLt?: string;
      page?: number;
      pageSize?: number;
      raiseError?: boolean;
    } = {},
  ): Promise<LunaResponse<{ events: unknown[]; count: number }>> {
    return lunaRequest(this.endpoint, {
      method: "GET",
      path: "/events",
      query: {
        handler_id: options.handlerId,
        external_id: options.externalId,
        create_time__gte: options.createTimeGte,
        create_time__lt: options.createTimeLt,
        page: options.page,
        page_size: options.pageSize,
      },
      raiseError: options.raiseError,
    });
  }

  deleteEvent(options: { eventId: string; raiseError?: boolean }): Promise<LunaResponse> {
    return lunaRequest(this.endpoint, {
      method: "DELETE",
      path: `/events/${encodeURIComponent(options.eventId)}`,
      raiseError: options.raiseError,
    });
  }
}
