/**
 * The Luna services a lambda depends on, checked through their `GET …/healthcheck`: Faces, Python
 * Matcher and Remote SDK always, Events, Image Store and Sender when ADDITIONAL_SERVICES_USAGE
 * enables them (as luna_lambda_tools' healthcheck with include_luna_services=1).
 */
import type { LambdaSettings, ServiceAddress } from "./settings.ts";

export type ServiceState = "ok" | string;

/** The services to check: name → address. */
export function enabledServices(settings: LambdaSettings): Record<string, ServiceAddress> {
  const usage = settings.ADDITIONAL_SERVICES_USAGE;
  return {
    faces: settings.LUNA_FACES_ADDRESS,
    python_matcher: settings.LUNA_PYTHON_MATCHER_ADDRESS,
    remote_sdk: settings.LUNA_REMOTE_SDK_ADDRESS,
    ...(usage.luna_events ? { events: settings.LUNA_EVENTS_ADDRESS } : {}),
    ...(usage.luna_image_store ? { image_store: settings.LUNA_IMAGE_STORE_FACES_SAMPLES_ADDRESS } : {}),
    ...(usage.luna_sender ? { sender: settings.LUNA_SENDER_ADDRESS } : {}),
  };
}

export async function checkLunaServices(
  settings: LambdaSettings,
  fetchImpl: typeof fetch,
  timeoutMs = 5000,
): Promise<Record<string, ServiceState>> {
  const entries = await Promise.all(
    Object.entries(enabledServices(settings)).map(async ([name, address]): Promise<[string, ServiceState]> => {
      const url = `${address.origin.replace(/\/$/, "")}/${address.api_version}/healthcheck`;
      try {
        const response = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs) });
        await response.body?.cancel();
        return [name, response.ok ? "ok" : `HTTP ${response.status} from ${url}`];
      } catch (error) {
        return [name, `${url} did not answer: ${error instanceof Error ? error.message : String(error)}`];
      }
    }),
  );
  return Object.fromEntries(entries);
}
