/** Luna Events stand-in, api 2: save events (as handlers and seed example 4 build them), get, query. */
import { Errors, LunaError } from "../../shared/luna/errors.ts";
import {
  eventsQuerySchema,
  saveEventsQuerySchema,
  saveEventsSchema,
  savedEventsSchema,
  type EventInput,
} from "../../shared/luna/schemas/events.ts";
import {
  decodeSdkDescriptor,
  descriptorToVector,
  MOBILEFACENET_DESCRIPTOR_VERSION,
} from "../../shared/luna/descriptor.ts";
import { route, type ServiceTable } from "../http/routeTable.ts";
import type { EventDescriptor, EventsRepository, PreparedEvent } from "../store/eventsRepository.ts";
import { wrapPayload } from "./descriptors.ts";
import { pathUuid } from "./pathParams.ts";

export const EVENTS_PREFIX = "/luna-events/2";

function eventDescriptor(input: EventInput): EventDescriptor | null {
  const d = input.face_attributes?.descriptor;
  if (!d) return null;
  const bytes = d.sdk_descriptor ?? wrapPayload(d.descriptor!, d.descriptor_version!);
  const decoded = decodeSdkDescriptor(bytes);
  return {
    version: decoded.version,
    sdkDescriptor: bytes,
    vector: decoded.version === MOBILEFACENET_DESCRIPTOR_VERSION ? descriptorToVector(decoded) : null,
  };
}

export function eventsService(repo: EventsRepository, maxBodyBytes: number): ServiceTable {
  return {
    name: "Luna Events (embedded)",
    prefix: EVENTS_PREFIX,
    version: "2",
    maxBodyBytes,
    routes: [
      route({
        method: "post",
        path: "/events",
        summary:
          "Save events (all or none). Replies after the commit whatever wait_events_saving says, so a 201 is never lost",
        body: saveEventsSchema,
        query: saveEventsQuerySchema,
        reply: savedEventsSchema,
        responses: { 201: "saved", 400: "bad body or descriptor", 409: "an event id already exists" },
        handle: async ({ body, account, baseUrl }) => {
          const now = new Date().toISOString();
          const prepared: PreparedEvent[] = body.events.map((input) => ({
            eventId: input.event_id ?? crypto.randomUUID(),
            createTime: input.create_time ?? now,
            input,
            descriptor: eventDescriptor(input),
          }));
          const ids = prepared.map((e) => e.eventId);
          const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
          if (duplicate) throw new LunaError(Errors.EventAlreadyExists, duplicate);
          await repo.save(account, prepared);
          return {
            status: 201,
            body: { events: prepared.map((e) => ({ event_id: e.eventId, url: `${baseUrl}/events/${e.eventId}` })) },
          };
        },
      }),
      route({
        method: "get",
        path: "/events",
        summary: "Query events (handler_id, external_id, create_time range), newest first",
        query: eventsQuerySchema,
        responses: { 200: "a page of events" },
        handle: async ({ query, account, baseUrl }) => ({
          status: 200,
          body: await repo.list(account, query, baseUrl),
        }),
      }),
      route({
        method: "get",
        path: "/events/:eventId",
        summary: "Get an event",
        responses: { 200: "the event", 404: "no such event" },
        handle: async ({ params, account, baseUrl }) => {
          const eventId = pathUuid("event_id", params.eventId);
          const event = await repo.get(account, eventId, baseUrl);
          if (!event) throw new LunaError(Errors.EventNotFound, eventId);
          return { status: 200, body: event };
        },
      }),
      route({
        method: "delete",
        path: "/events/:eventId",
        summary: "Delete an event",
        responses: { 204: "deleted", 404: "no such event" },
        handle: async ({ params, account }) => {
          const eventId = pathUuid("event_id", params.eventId);
          if (!(await repo.delete(account, eventId))) throw new LunaError(Errors.EventNotFound, eventId);
          return { status: 204 };
        },
      }),
    ],
  };
}
