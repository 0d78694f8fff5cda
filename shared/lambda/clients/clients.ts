/**
 * The client bundle a lambda gets as `request.clients`, built from its settings. Services switched
 * off by ADDITIONAL_SERVICES_USAGE are never contacted; calling one throws a clear error.
 */
import { Errors, LunaError } from "../../luna/errors.ts";
import type { LambdaSettings } from "../settings.ts";
import { EventsClient } from "./events.ts";
import { FacesClient } from "./faces.ts";
import { ImageStoreClient } from "./imageStore.ts";
import type { ServiceEndpoint } from "./lunaHttp.ts";
import { MatcherClient } from "./matcher.ts";
import { SdkClient } from "./sdk.ts";
import { SenderClient } from "./sender.ts";

export interface ClientContext {
  accountId: string | null;
  requestId?: string;
  fetch?: typeof fetch;
}

/** A stand-in whose every method throws ServiceDisabled (getAddress still answers). */
function disabled<T extends object>(client: T, service: string, key: string): T {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== "function" || property === "getAddress")
        return typeof value === "function" ? value.bind(target) : value;
      return () => {
        throw new LunaError(Errors.ServiceDisabled, service, key);
      };
    },
  });
}

export class Clients {
  readonly faces: FacesClient;
  readonly events: EventsClient;
  readonly matcher: MatcherClient;
  readonly faceSamplesStore: ImageStoreClient;
  readonly bodySamplesStore: ImageStoreClient;
  readonly imageOriginStore: ImageStoreClient;
  readonly sdk: SdkClient;
  readonly sender: SenderClient;
  /** Which optional services this lambda may use (ADDITIONAL_SERVICES_USAGE). */
  readonly enabled: { events: boolean; imageStore: boolean; sender: boolean };

  constructor(settings: LambdaSettings, context: ClientContext) {
    const endpoint = (
      address: { origin: string; api_version: number },
      timeouts: ServiceEndpoint["timeouts"],
    ): ServiceEndpoint => ({
      baseUri: `${address.origin.replace(/\/$/, "")}/${address.api_version}`,
      timeouts,
      accountId: context.accountId,
      requestId: context.requestId,
      fetch: context.fetch ?? globalThis.fetch.bind(globalThis),
    });
    const usage = settings.ADDITIONAL_SERVICES_USAGE;
    this.enabled = { events: usage.luna_events, imageStore: usage.luna_image_store, sender: usage.luna_sender };

    this.faces = new FacesClient(endpoint(settings.LUNA_FACES_ADDRESS, settings.LUNA_FACES_TIMEOUTS));
    this.matcher = new MatcherClient(
      endpoint(settings.LUNA_PYTHON_MATCHER_ADDRESS, settings.LUNA_PYTHON_MATCHER_TIMEOUTS),
    );
    this.sdk = new SdkClient(endpoint(settings.LUNA_REMOTE_SDK_ADDRESS, settings.LUNA_REMOTE_SDK_TIMEOUTS));

    const events = new EventsClient(endpoint(settings.LUNA_EVENTS_ADDRESS, settings.LUNA_EVENTS_TIMEOUTS));
    this.events = usage.luna_events ? events : disabled(events, "Luna Events", "luna_events");
    const store = (
      address: LambdaSettings["LUNA_IMAGE_STORE_IMAGES_ADDRESS"],
      timeouts: ServiceEndpoint["timeouts"],
    ) => {
      const client = new ImageStoreClient(endpoint(address, timeouts), address.bucket);
      return usage.luna_image_store ? client : disabled(client, "Luna Image Store", "luna_image_store");
    };
    this.faceSamplesStore = store(
      settings.LUNA_IMAGE_STORE_FACES_SAMPLES_ADDRESS,
      settings.LUNA_IMAGE_STORE_FACES_SAMPLES_TIMEOUTS,
    );
    this.bodySamplesStore = store(
      settings.LUNA_IMAGE_STORE_BODIES_SAMPLES_ADDRESS,
      settings.LUNA_IMAGE_STORE_BODIES_SAMPLES_TIMEOUTS,
    );
    this.imageOriginStore = store(settings.LUNA_IMAGE_STORE_IMAGES_ADDRESS, settings.LUNA_IMAGE_STORE_IMAGES_TIMEOUTS);
    const sender = new SenderClient(endpoint(settings.LUNA_SENDER_ADDRESS, settings.LUNA_SENDER_TIMEOUTS));
    this.sender = usage.luna_sender ? sender : disabled(sender, "Luna Sender", "luna_sender");
  }
}
