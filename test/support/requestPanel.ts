/**
 * The request panel as the e2e tests fill it: a lambda that echoes what it received of each field,
 * one value of every kind, and the reply that lambda gives for them.
 */
import { photo } from "./fixtures.ts";
import type { PlaygroundPage } from "./playgroundPage.ts";

/** A lambda that answers with what it received of the request panel's fields. */
export const ECHO_REQUEST = `import { HandlersLambdaRequest } from "luna-lambda-tools";
export async function main(request: HandlersLambdaRequest) {
  const d = request.data;
  return {
    handlerId: request.handlerId,
    eventTime: request.headers["luna-event-time"] ?? null,
    camera: request.headers["x-camera"] ?? null,
    query: request.query,
    aggregate: d.aggregateAttributes,
    exif: d.useExifInfo,
    eventSource: d.sourceData?.source ?? null,
    sources: d.sources.map((s) => ({
      filename: s.filename, sourceType: s.sourceType, detectTime: s.detectTime, detectTs: s.detectTs,
      imageOrigin: s.imageOrigin, meta: s.meta, bytes: s.source.body.length, boxes: s.source.faceDetectionData.length,
    })),
  };
}
`;

export const HANDLER_ID = "6c5b1c1e-58c1-4bd1-9d3e-2f7a8b9c0d1e";

/** Fills the request panel with one value of each kind for the first image. */
export async function fillRequest(page: PlaygroundPage): Promise<void> {
  const p = page.page;
  await p.click('[data-testid="tab-request"]');
  await p.selectOption('[data-testid="request-source-0-sourceType"]', "0");
  await p.fill('[data-testid="request-source-0-detectTime"]', "2024-05-01T12:00:00Z");
  await p.fill('[data-testid="request-source-0-detectTs"]', "1714564800.5");
  await p.fill('[data-testid="request-source-0-imageOrigin"]', "https://example.org/door.jpg");
  await p.fill('[data-testid="request-source-0-meta"]', '{"camera": "door", "floor": 3}');
  await p.selectOption('[data-testid="request-aggregateAttributes"]', "1");
  await p.selectOption('[data-testid="request-useExifInfo"]', "0");
  await p.fill('[data-testid="request-sourceData"]', '{"source": "cam-1"}');
  await p.fill('[data-testid="request-handlerId"]', HANDLER_ID);
  await p.fill('[data-testid="request-eventTime"]', "2024-05-01T12:00:01Z");
  await p.click('[data-testid="request-header-add"]');
  await p.fill('[data-testid="request-header-name-0"]', "X-Camera");
  await p.fill('[data-testid="request-header-value-0"]', "door-3");
  await p.click('[data-testid="request-query-add"]');
  await p.fill('[data-testid="request-query-name-0"]', "mode");
  await p.fill('[data-testid="request-query-value-0"]', "fast");
}

export const FILLED_REPLY = {
  handlerId: HANDLER_ID,
  eventTime: "2024-05-01T12:00:01Z",
  camera: "door-3",
  query: { mode: "fast" },
  aggregate: 1,
  exif: 0,
  eventSource: "cam-1",
  sources: [
    {
      filename: "grace_hopper_512x512.jpg",
      sourceType: 0,
      detectTime: "2024-05-01T12:00:00Z",
      detectTs: 1714564800.5,
      imageOrigin: "https://example.org/door.jpg",
      meta: { camera: "door", floor: 3 },
      bytes: photo("grace_hopper_512x512.jpg").length,
      boxes: 0,
    },
  ],
};
