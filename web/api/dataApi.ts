/**
 * What the playground's account has stored on the embedded services, read through their own Luna
 * APIs with its `Luna-Account-Id` (faces and lists: Luna Faces 3; events: Luna Events 2; samples:
 * the Image Store's buckets). Every reply is checked with zod; a Luna error body becomes an Error
 * with its code and detail. The embedded services are the page's origin, whatever addresses the
 * lambda's settings name (a remote LUNA keeps its own data).
 */
import { z } from "zod";
import { facesPageSchema, faceSchema, listSchema, type Face } from "../../shared/luna/schemas/faces.ts";
import { imagesPageSchema, type ImageMetaReply } from "../../shared/luna/schemas/imageStore.ts";
import { lunaErrorBodySchema } from "../../shared/luna/schemas/error.ts";
import { accountId } from "./lambdaService.ts";

const FACES = "/luna-faces/3";
const EVENTS = "/luna-events/2";
const IMAGE_STORE = "/luna-image-store/1";

/** The Image Store buckets samples live in: face samples (what handlers store), then body samples. */
export const SAMPLE_BUCKETS = ["visionlabs-samples", "visionlabs-bodies-samples"] as const;
export type SampleBucket = (typeof SAMPLE_BUCKETS)[number];

export type { Face };
export type List = z.infer<typeof listSchema>;
export type SampleMeta = ImageMetaReply;

/** An event as Luna Events answers it: its known keys checked, the rest kept as they came. */
export const storedEventSchema = z.looseObject({
  event_id: z.string(),
  create_time: z.string(),
  handler_id: z.string().nullable().optional(),
  external_id: z.string().optional(),
  face: z.looseObject({ face_id: z.string().nullish() }).nullish(),
  face_attributes: z.looseObject({ samples: z.array(z.string()).nullish() }).nullish(),
  detections: z
    .array(
      z.looseObject({
        samples: z
          .looseObject({
            face: z.looseObject({ sample_id: z.string() }).nullish(),
            body: z.looseObject({ sample_id: z.string() }).nullish(),
          })
          .nullish(),
      }),
    )
    .optional(),
});
export type StoredEvent = z.infer<typeof storedEventSchema>;

const eventsPageSchema = z.object({ events: z.array(storedEventSchema), count: z.number().int() });
const listsPageSchema = z.object({ lists: z.array(listSchema), count: z.number().int() });

export interface Page<T> {
  items: T[];
  /** All of the account's objects of this kind (not only this page's). */
  count: number;
}

/** A failed call as Luna said it ("22002: face not found: …"), and its HTTP status. */
export class DataApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errorCode: number | null,
  ) {
    super(message);
  }
}

async function failure(response: Response): Promise<DataApiError> {
  const error = lunaErrorBodySchema.safeParse(await response.json().catch(() => null));
  return error.success
    ? new DataApiError(`${error.data.error_code}: ${error.data.detail}`, response.status, error.data.error_code)
    : new DataApiError(`HTTP ${response.status}`, response.status, null);
}

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(path, { ...init, headers: { "Luna-Account-Id": accountId(), ...init.headers } });
  if (!response.ok) throw await failure(response);
  return response;
}

async function getJson<T>(path: string, schema: z.ZodType<T>): Promise<T> {
  return schema.parse(await (await call(path)).json());
}

const pageQuery = (page: number, pageSize: number) => `page=${page}&page_size=${pageSize}`;
const id = (value: string) => encodeURIComponent(value);

export async function listFaces(page: number, pageSize: number, listId?: string): Promise<Page<Face>> {
  const filter = listId ? `&list_id=${id(listId)}` : "";
  const reply = await getJson(`${FACES}/faces?${pageQuery(page, pageSize)}${filter}`, facesPageSchema);
  return { items: reply.faces, count: reply.count };
}

export const getFace = (faceId: string): Promise<Face> => getJson(`${FACES}/faces/${id(faceId)}`, faceSchema);

export async function deleteFace(faceId: string): Promise<void> {
  await call(`${FACES}/faces/${id(faceId)}`, { method: "DELETE" });
}

export async function listLists(page: number, pageSize: number): Promise<Page<List>> {
  const reply = await getJson(`${FACES}/lists?${pageQuery(page, pageSize)}`, listsPageSchema);
  return { items: reply.lists, count: reply.count };
}

export const getList = (listId: string): Promise<List> => getJson(`${FACES}/lists/${id(listId)}`, listSchema);

export async function deleteList(listId: string): Promise<void> {
  await call(`${FACES}/lists/${id(listId)}`, { method: "DELETE" });
}

export async function listEvents(page: number, pageSize: number): Promise<Page<StoredEvent>> {
  const reply = await getJson(`${EVENTS}/events?${pageQuery(page, pageSize)}`, eventsPageSchema);
  return { items: reply.events, count: reply.count };
}

export const getEvent = (eventId: string): Promise<StoredEvent> =>
  getJson(`${EVENTS}/events/${id(eventId)}`, storedEventSchema);

export async function deleteEvent(eventId: string): Promise<void> {
  await call(`${EVENTS}/events/${id(eventId)}`, { method: "DELETE" });
}

export async function listSamples(bucket: SampleBucket, page: number, pageSize: number): Promise<Page<SampleMeta>> {
  const reply = await getJson(`${IMAGE_STORE}/buckets/${bucket}/images?${pageQuery(page, pageSize)}`, imagesPageSchema);
  return { items: reply.images, count: reply.count };
}

/** A sample's bytes as the Image Store answered them, and the bucket that had it. */
export interface SampleBytes {
  bucket: SampleBucket;
  contentType: string;
  bytes: Uint8Array;
}

/**
 * A sample by id: from `bucket`, or looked up in the sample buckets in turn (a reply names a
 * sample by id only). null when no bucket has it for this account.
 */
export async function getSample(sampleId: string, bucket?: SampleBucket): Promise<SampleBytes | null> {
  for (const candidate of bucket ? [bucket] : SAMPLE_BUCKETS) {
    const response = await fetch(`${IMAGE_STORE}/buckets/${candidate}/images/${id(sampleId)}`, {
      headers: { "Luna-Account-Id": accountId() },
    });
    if (response.status === 404) continue;
    if (!response.ok) throw await failure(response);
    return {
      bucket: candidate,
      contentType: response.headers.get("content-type") ?? "application/octet-stream",
      bytes: new Uint8Array(await response.arrayBuffer()),
    };
  }
  return null;
}

export async function deleteSample(bucket: SampleBucket, sampleId: string): Promise<void> {
  await call(`${IMAGE_STORE}/buckets/${bucket}/images/${id(sampleId)}`, { method: "DELETE" });
}
