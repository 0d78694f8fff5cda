/**
 * The settings panel's fields over lambda.json's settings (shared/lambda/settings.ts): which
 * address keys there are, reading one, and changing one — the settings keep only what differs
 * from the defaults, each group whole, and every change is checked by the shared schema.
 */
import {
  lambdaSettingsSchema,
  loggerSettingsSchema,
  timeoutsSchema,
  defaultSettings,
  type ServiceAddress,
} from "../../shared/lambda/settings.ts";
import { formatIssuePath } from "../../shared/luna/validate.ts";

type Settings = Record<string, unknown>;

export const ADDRESS_FIELDS = [
  { key: "LUNA_FACES_ADDRESS", service: "faces", label: "Faces", embeddedPath: "/luna-faces", apiVersion: 3 },
  {
    key: "LUNA_PYTHON_MATCHER_ADDRESS",
    service: "python_matcher",
    label: "Python Matcher",
    embeddedPath: "/luna-python-matcher",
    apiVersion: 1,
  },
  {
    key: "LUNA_REMOTE_SDK_ADDRESS",
    service: "remote_sdk",
    label: "Remote SDK",
    embeddedPath: "/luna-remote-sdk",
    apiVersion: 1,
  },
  { key: "LUNA_EVENTS_ADDRESS", service: "events", label: "Events", embeddedPath: "/luna-events", apiVersion: 2 },
  {
    key: "LUNA_IMAGE_STORE_FACES_SAMPLES_ADDRESS",
    service: "image_store",
    label: "Image Store (face samples)",
    embeddedPath: "/luna-image-store",
    apiVersion: 1,
  },
  { key: "LUNA_SENDER_ADDRESS", service: "sender", label: "Sender", embeddedPath: "/luna-sender", apiVersion: 1 },
] as const;
export type AddressKey = (typeof ADDRESS_FIELDS)[number]["key"];

/** The address set for a service, or null for the embedded one. */
export function addressOf(settings: Settings, key: AddressKey): ServiceAddress | null {
  const value = settings[key] as ServiceAddress | undefined;
  return value && typeof value.origin === "string" ? value : null;
}

/** The settings with a service's address set (an origin with its path), or back to the embedded one (null). */
export function withAddress(settings: Settings, key: AddressKey, origin: string | null): Settings {
  const { [key]: _old, ...rest } = settings;
  if (origin === null) return rest;
  const field = ADDRESS_FIELDS.find((f) => f.key === key)!;
  const defaults = defaultSettings() as Record<string, Record<string, unknown>>;
  return { ...rest, [key]: { ...defaults[key], api_version: field.apiVersion, origin } };
}

/** A whole group changed: ADDITIONAL_SERVICES_USAGE, the logger, or "TIMEOUTS" (every *_TIMEOUTS alike). */
export function withGroup(settings: Settings, group: string, values: Record<string, unknown>): Settings {
  if (group === "TIMEOUTS") {
    const timeouts = timeoutsSchema.parse({ ...timeoutsSchema.parse({}), ...values });
    const keys = Object.keys(lambdaSettingsSchema.shape).filter((k) => k.endsWith("_TIMEOUTS"));
    return { ...settings, ...Object.fromEntries(keys.map((k) => [k, timeouts])) };
  }
  if (group === "LUNA_LAMBDA_UNIT_LOGGER")
    return { ...settings, [group]: loggerSettingsSchema.parse({ ...(settings[group] as object), ...values }) };
  return { ...settings, [group]: values };
}

/** What the shared schema says about these settings, or null when they are valid. */
export function settingsProblem(settings: Settings): string | null {
  const parsed = lambdaSettingsSchema.partial().safeParse(settings);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  return `${formatIssuePath(issue.path)}: ${issue.message}`;
}
