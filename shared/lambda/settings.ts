/**
 * Lambda settings — the Configurator's role: service addresses and timeouts, the logger, and which
 * optional services may be used. Keys and shapes follow Luna (docs/luna-reference.md §5); defaults point at
 * the playground's embedded services.
 */
import { z } from "zod";

export const addressSchema = z.strictObject({
  origin: z.url(),
  api_version: z.number().int().positive(),
});

export const bucketAddressSchema = addressSchema.extend({ bucket: z.string().min(1) });

/** Seconds, as Luna's *_TIMEOUTS settings give them. */
export const timeoutsSchema = z.strictObject({
  connect: z.number().positive().default(20),
  request: z.number().positive().default(60),
  sock_connect: z.number().positive().default(10),
  sock_read: z.number().positive().default(60),
});

export const loggerSettingsSchema = z.strictObject({
  log_level: z.enum(["DEBUG", "INFO", "WARNING", "ERROR"]).default("INFO"),
  log_time: z.enum(["LOCAL", "UTC"]).default("LOCAL"),
  multiline_stack_trace: z.boolean().default(true),
});

export const additionalServicesSchema = z.strictObject({
  luna_events: z.boolean().default(true),
  luna_image_store: z.boolean().default(true),
  luna_sender: z.boolean().default(true),
});

export const serviceKeys = ["FACES", "EVENTS", "PYTHON_MATCHER", "REMOTE_SDK", "SENDER"] as const;
export const bucketServiceKeys = [
  "IMAGE_STORE_FACES_SAMPLES",
  "IMAGE_STORE_BODIES_SAMPLES",
  "IMAGE_STORE_IMAGES",
] as const;
export type ServiceKey = (typeof serviceKeys)[number] | (typeof bucketServiceKeys)[number];

export function defaultSettings(origin = "http://127.0.0.1:5000") {
  const timeouts = timeoutsSchema.parse({});
  return {
    LUNA_FACES_ADDRESS: { origin: `${origin}/luna-faces`, api_version: 3 },
    LUNA_EVENTS_ADDRESS: { origin: `${origin}/luna-events`, api_version: 2 },
    LUNA_PYTHON_MATCHER_ADDRESS: { origin: `${origin}/luna-python-matcher`, api_version: 1 },
    LUNA_REMOTE_SDK_ADDRESS: { origin: `${origin}/luna-remote-sdk`, api_version: 1 },
    LUNA_SENDER_ADDRESS: { origin: `${origin}/luna-sender`, api_version: 1 },
    LUNA_IMAGE_STORE_FACES_SAMPLES_ADDRESS: {
      origin: `${origin}/luna-image-store`,
      api_version: 1,
      bucket: "visionlabs-samples",
    },
    LUNA_IMAGE_STORE_BODIES_SAMPLES_ADDRESS: {
      origin: `${origin}/luna-image-store`,
      api_version: 1,
      bucket: "visionlabs-bodies-samples",
    },
    LUNA_IMAGE_STORE_IMAGES_ADDRESS: {
      origin: `${origin}/luna-image-store`,
      api_version: 1,
      bucket: "visionlabs-image-origin",
    },
    LUNA_FACES_TIMEOUTS: timeouts,
    LUNA_EVENTS_TIMEOUTS: timeouts,
    LUNA_PYTHON_MATCHER_TIMEOUTS: timeouts,
    LUNA_REMOTE_SDK_TIMEOUTS: timeouts,
    LUNA_SENDER_TIMEOUTS: timeouts,
    LUNA_IMAGE_STORE_FACES_SAMPLES_TIMEOUTS: timeouts,
    LUNA_IMAGE_STORE_BODIES_SAMPLES_TIMEOUTS: timeouts,
    LUNA_IMAGE_STORE_IMAGES_TIMEOUTS: timeouts,
    LUNA_LAMBDA_UNIT_LOGGER: loggerSettingsSchema.parse({}),
    ADDITIONAL_SERVICES_USAGE: additionalServicesSchema.parse({}),
  };
}

export const lambdaSettingsSchema = z.strictObject({
  LUNA_FACES_ADDRESS: addressSchema,
  LUNA_EVENTS_ADDRESS: addressSchema,
  LUNA_PYTHON_MATCHER_ADDRESS: addressSchema,
  LUNA_REMOTE_SDK_ADDRESS: addressSchema,
  LUNA_SENDER_ADDRESS: addressSchema,
  LUNA_IMAGE_STORE_FACES_SAMPLES_ADDRESS: bucketAddressSchema,
  LUNA_IMAGE_STORE_BODIES_SAMPLES_ADDRESS: bucketAddressSchema,
  LUNA_IMAGE_STORE_IMAGES_ADDRESS: bucketAddressSchema,
  LUNA_FACES_TIMEOUTS: timeoutsSchema,
  LUNA_EVENTS_TIMEOUTS: timeoutsSchema,
  LUNA_PYTHON_MATCHER_TIMEOUTS: timeoutsSchema,
  LUNA_REMOTE_SDK_TIMEOUTS: timeoutsSchema,
  LUNA_SENDER_TIMEOUTS: timeoutsSchema,
  LUNA_IMAGE_STORE_FACES_SAMPLES_TIMEOUTS: timeoutsSchema,
  LUNA_IMAGE_STORE_BODIES_SAMPLES_TIMEOUTS: timeoutsSchema,
  LUNA_IMAGE_STORE_IMAGES_TIMEOUTS: timeoutsSchema,
  LUNA_LAMBDA_UNIT_LOGGER: loggerSettingsSchema,
  ADDITIONAL_SERVICES_USAGE: additionalServicesSchema,
});
export interface ServiceAddress {
  origin: string;
  api_version: number;
}

export interface BucketAddress extends ServiceAddress {
  bucket: string;
}

/** Seconds. */
export interface ServiceTimeouts {
  connect: number;
  request: number;
  sock_connect: number;
  sock_read: number;
}

/** Settings a lambda runs with (written out, so editors show them without zod's types). */
export interface LambdaSettings {
  LUNA_FACES_ADDRESS: ServiceAddress;
  LUNA_EVENTS_ADDRESS: ServiceAddress;
  LUNA_PYTHON_MATCHER_ADDRESS: ServiceAddress;
  LUNA_REMOTE_SDK_ADDRESS: ServiceAddress;
  LUNA_SENDER_ADDRESS: ServiceAddress;
  LUNA_IMAGE_STORE_FACES_SAMPLES_ADDRESS: BucketAddress;
  LUNA_IMAGE_STORE_BODIES_SAMPLES_ADDRESS: BucketAddress;
  LUNA_IMAGE_STORE_IMAGES_ADDRESS: BucketAddress;
  LUNA_FACES_TIMEOUTS: ServiceTimeouts;
  LUNA_EVENTS_TIMEOUTS: ServiceTimeouts;
  LUNA_PYTHON_MATCHER_TIMEOUTS: ServiceTimeouts;
  LUNA_REMOTE_SDK_TIMEOUTS: ServiceTimeouts;
  LUNA_SENDER_TIMEOUTS: ServiceTimeouts;
  LUNA_IMAGE_STORE_FACES_SAMPLES_TIMEOUTS: ServiceTimeouts;
  LUNA_IMAGE_STORE_BODIES_SAMPLES_TIMEOUTS: ServiceTimeouts;
  LUNA_IMAGE_STORE_IMAGES_TIMEOUTS: ServiceTimeouts;
  LUNA_LAMBDA_UNIT_LOGGER: {
    log_level: "DEBUG" | "INFO" | "WARNING" | "ERROR";
    log_time: "LOCAL" | "UTC";
    multiline_stack_trace: boolean;
  };
  ADDITIONAL_SERVICES_USAGE: { luna_events: boolean; luna_image_store: boolean; luna_sender: boolean };
}

// The schema and the interface must agree: this assignment fails to compile when they drift.
const schemaMatchesInterface: z.ZodType<LambdaSettings, unknown> = lambdaSettingsSchema;
void schemaMatchesInterface;

/** Defaults, overlaid by a partial settings object (e.g. lambda.json), each group replaced whole. */
export function resolveSettings(overrides: Record<string, unknown> = {}, origin?: string): LambdaSettings {
  return lambdaSettingsSchema.parse({ ...defaultSettings(origin), ...overrides });
}

/**
 * A lambda's own settings (lambda.json), with its service addresses dropped when the caller chose
 * where the services are: an exported project's lambda.json names the playground it came from.
 */
export function settingsAtOrigin(
  settings: Record<string, unknown>,
  chosenOrigin: string | null,
): Record<string, unknown> {
  if (chosenOrigin === null) return settings;
  return Object.fromEntries(Object.entries(settings).filter(([key]) => !key.endsWith("_ADDRESS")));
}

/**
 * Settings given as environment variables holding JSON, e.g.
 * LUNA_FACES_ADDRESS='{"origin": "http://10.0.0.5:5030", "api_version": 3}'. Unknown keys are ignored;
 * a value that is not JSON is an error naming the variable.
 */
export function settingsFromEnv(env: Record<string, string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(lambdaSettingsSchema.shape)) {
    const text = env[key];
    if (text === undefined || text === "") continue;
    try {
      out[key] = JSON.parse(text);
    } catch {
      throw new Error(`environment variable ${key} must hold JSON, got: ${text}`);
    }
  }
  return out;
}
