/**
 * The luna3 helper types seed lambdas import (luna3.public.common / .matcher / .events), with one
 * options object mirroring the Python keyword arguments, and `asDict()` giving the wire form.
 */
import { decodeSdkDescriptor } from "../luna/descriptor.ts";
import { Errors, errorLink, type ErrorSpec } from "../luna/errors.ts";
import type { BinaryImageLike } from "./clients/sdk.ts";

type BoundingBox = { x: number; y: number; width: number; height: number };

/** An image for `sdk.sdk`: bytes, a filename and a MIME type (and, optionally, face areas). */
export class BinaryImage implements BinaryImageLike {
  readonly filename: string;
  readonly body: Uint8Array;
  readonly mimetype: string;
  readonly faceDetectionData?: { boundingBox: BoundingBox }[];

  constructor(options: {
    filename?: string | null;
    body: Uint8Array;
    mimetype?: string;
    faceDetectionData?: { boundingBox: BoundingBox }[];
  }) {
    this.filename = options.filename ?? "raw_image";
    this.body = options.body;
    this.mimetype = options.mimetype ?? "image/jpeg";
    if (options.faceDetectionData) this.faceDetectionData = options.faceDetectionData;
  }
}

/** A descriptor for `matcher.matchRaw`: sdk_descriptor bytes (or base64) and an id. */
export class SDKDescriptorReference {
  readonly descriptor: Uint8Array | string;
  readonly referenceId: string;

  constructor(options: { descriptor: Uint8Array | string; referenceId: string }) {
    this.descriptor = options.descriptor;
    this.referenceId = options.referenceId;
  }

  asDict(): Record<string, unknown> {
    return { id: this.referenceId, type: "sdk_descriptor", data: this.descriptor };
  }
}

/** vlutils' sdkDescriptorDecode: → [version, payload bytes]. Accepts bytes or base64. */
export function sdkDescriptorDecode(descriptor: Uint8Array | string): [number, Uint8Array] {
  const bytes = typeof descriptor === "string" ? Uint8Array.from(atob(descriptor), (c) => c.charCodeAt(0)) : descriptor;
  const decoded = decodeSdkDescriptor(bytes);
  return [decoded.version, decoded.payload];
}

function clean(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

export class Descriptor {
  constructor(readonly options: { descriptor: Uint8Array; descriptorVersion: number }) {}
  asDict() {
    return { descriptor: this.options.descriptor, descriptor_version: this.options.descriptorVersion };
  }
}

export class BasicEthnicities {
  constructor(readonly options: { predominantEthnicity: string | null; estimations?: Record<string, number> }) {}
  asDict() {
    return clean({ predominant_ethnicity: this.options.predominantEthnicity, estimations: this.options.estimations });
  }
}

export class BasicAttributes {
  constructor(
    readonly options: { age?: number | null; gender?: number | null; ethnicities?: BasicEthnicities | null },
  ) {}
  asDict() {
    return clean({
      age: this.options.age,
      gender: this.options.gender,
      ethnicities: this.options.ethnicities?.asDict() ?? this.options.ethnicities,
    });
  }
}

export class EventFace {
  constructor(readonly options: { faceId: string | null; lists?: string[] }) {}
  asDict() {
    return { face_id: this.options.faceId, lists: this.options.lists ?? [] };
  }
}

export class EventFaceAttributes {
  constructor(
    readonly options: {
      descriptorData?: Descriptor | null;
      basicAttributes?: BasicAttributes | null;
      samples?: string[];
    },
  ) {}
  asDict() {
    return clean({
      descriptor: this.options.descriptorData?.asDict(),
      basic_attributes: this.options.basicAttributes?.asDict(),
      samples: this.options.samples,
    });
  }
}

export class FaceSample {
  constructor(readonly options: { sampleId: string; url?: string }) {}
  asDict() {
    return clean({ sample_id: this.options.sampleId, url: this.options.url });
  }
}

export class DetectionSamples {
  constructor(readonly options: { face?: FaceSample | null; body?: FaceSample | null }) {}
  asDict() {
    return clean({ face: this.options.face?.asDict() ?? null, body: this.options.body?.asDict() ?? null });
  }
}

export class EventDetection {
  constructor(
    readonly options: {
      filename?: string | null;
      detectTime?: string | null;
      detectTs?: number | null;
      imageOrigin?: string | null;
      samples?: DetectionSamples | null;
    },
  ) {}
  asDict() {
    return clean({
      filename: this.options.filename,
      detect_time: this.options.detectTime,
      detect_ts: this.options.detectTs,
      image_origin: this.options.imageOrigin,
      samples: this.options.samples?.asDict(),
    });
  }
}

export class Event {
  constructor(
    readonly options: {
      eventId?: string;
      createTime?: string;
      endTime?: string;
      handlerId?: string | null;
      externalId?: string;
      userData?: string;
      source?: string;
      streamId?: string;
      trackId?: string;
      tags?: string[];
      meta?: Record<string, unknown>;
      face?: EventFace | null;
      faceAttributes?: EventFaceAttributes | null;
      detections?: EventDetection[];
    },
  ) {}
  asDict(): Record<string, unknown> {
    const o = this.options;
    return clean({
      event_id: o.eventId,
      create_time: o.createTime,
      end_time: o.endTime,
      handler_id: o.handlerId,
      external_id: o.externalId,
      user_data: o.userData,
      source: o.source,
      stream_id: o.streamId,
      track_id: o.trackId,
      tags: o.tags,
      meta: o.meta,
      face: o.face?.asDict(),
      face_attributes: o.faceAttributes?.asDict(),
      detections: o.detections?.map((d) => d.asDict()),
    });
  }
}

/** cow.errors.errors.Error: the catalogue, each entry with `asDict()` (e.g. Error.Success.asDict()). */
export const LunaErrors = Object.fromEntries(
  Object.entries(Errors).map(([name, spec]: [string, ErrorSpec]) => [
    name,
    {
      ...spec,
      asDict: () => ({ error_code: spec.code, desc: spec.desc, detail: spec.detail, link: errorLink(spec.code) }),
    },
  ]),
) as {
  [K in keyof typeof Errors]: (typeof Errors)[K] & {
    asDict(): { error_code: number; desc: string; detail: string; link: string };
  };
};
