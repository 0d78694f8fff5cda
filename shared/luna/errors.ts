/**
 * The catalogue of every error code this project emits, in the Luna error body shape
 * `{error_code, desc, detail, link}`.
 *
 * Codes below 90000 are LUNA PLATFORM codes (docs/luna-reference.md §4). Where Luna has an error whose
 * number we could not confirm (descriptor errors, image limits, the missing-model case), we use
 * our own range 95000–95999 so that no client can mistake it for a documented Luna code.
 */

export const LUNA_ERROR_LINK_BASE = "https://docs.visionlabs.ai/info/luna/troubleshooting/errors-description/code-";

export interface ErrorSpec {
  readonly code: number;
  readonly desc: string;
  readonly status: number;
  /** Template of the `detail` text; `{0}`, `{1}`… are replaced by the arguments. */
  readonly detail: string;
}

function spec(code: number, status: number, desc: string, detail: string = desc): ErrorSpec {
  return { code, status, desc, detail };
}

export const Errors = {
  Success: spec(0, 200, "Success"),
  UnknownError: spec(1, 500, "Internal server error", "Unknown error"),
  SocketReadTimeout: spec(6, 500, "Socket read timeout", "Request timeout on {0}, method {1}"),
  ConnectTimeout: spec(8, 500, "Connect timeout", "Connect timeout on {0}, method {1}"),
  RequestTimeout: spec(9, 500, "Request timeout", "Request timeout on {0}, method {1}"),
  ServerConnectionError: spec(11, 500, "Server connection error", "Cannot connect to {0}"),
  RequestNotContainsJson: spec(12002, 400, "Bad/incomplete input data", "Request does not contain json"),
  BadContentType: spec(12017, 400, "Bad/incomplete input data", "Bad content type"),
  BadInputJson: spec(
    12022,
    400,
    "Bad/incomplete input data",
    "Failed to validate input json. Path: '{0}' message: '{1}'",
  ),
  UnacceptableContentType: spec(
    12023,
    400,
    "Bad/incomplete input data",
    "Content type is unacceptable allowed types: '{0}'",
  ),
  EmptyBody: spec(12030, 400, "Bad/incomplete input data", "Request does not contain data"),
  BadInputData: spec(12031, 400, "Bad/incomplete input data", "{0}"),
  BadMultipartContentType: spec(
    11029,
    400,
    "Bad/incomplete input data",
    "Bad content type of image in multipart body: '{0}'",
  ),
  BadInputMsgpack: spec(
    12047,
    400,
    "Bad/incomplete input data",
    "Failed to validate input msgpack. Path: '{0}', message: '{1}'",
  ),
  FaceNotFound: spec(22002, 404, "Object not found", "Face with id '{0}' not found"),
  LambdaNotFound: spec(42001, 404, "Object not found", "Lambda with id '{0}' not found"),
  LambdaException: spec(42004, 500, "Lambda exception", "{0}"),

  // ---- our own range (numbers not confirmed in Luna documentation) ----
  ImageDecodeFailed: spec(95001, 400, "Failed to read image", "Image '{0}' could not be decoded: {1}"),
  ImageTooLarge: spec(95002, 400, "Image exceeds limit", "Image '{0}' is {1}; the limit is {2}"),
  PayloadTooLarge: spec(95003, 413, "Request body exceeds limit", "Request body is larger than {0} bytes"),
  TooManyImages: spec(95004, 400, "Too many images", "Request has {0} images; the limit is {1}"),
  NoImages: spec(95005, 400, "Bad/incomplete input data", "Request contains no images"),
  MultipleFacesFound: spec(
    95006,
    400,
    "Multiple faces found",
    "Image '{0}' has {1} faces while multiface_policy=0 allows one",
  ),
  BadSdkDescriptor: spec(95010, 400, "Bad sdk descriptor", "{0}"),
  UnknownDescriptorVersion: spec(95011, 400, "Unknown descriptor version", "Descriptor version {0} is not supported"),
  InvalidDescriptorLength: spec(
    95012,
    400,
    "Invalid descriptor length",
    "Descriptor of version {0} must have {1} bytes of payload, got {2}",
  ),
  ModelNotAvailable: spec(95020, 501, "Model not available", "{0}"),
  ModelLoadFailed: spec(95021, 500, "Model failed to load", "{0}"),
  ServiceNotReady: spec(95022, 503, "Service is not ready", "{0}"),
  RouteNotFound: spec(95030, 404, "Resource not found", "No route for {0} {1}"),
  DescriptorVersionMismatch: spec(
    95013,
    400,
    "Descriptor versions do not match",
    "Cannot match descriptor version {0} with version {1}",
  ),
  AccountIdRequired: spec(
    95040,
    400,
    "Bad/incomplete input data",
    "Header 'Luna-Account-Id' must be a UUID, got '{0}'",
  ),
  ListNotFound: spec(95041, 404, "Object not found", "List with id '{0}' not found"),
  EventNotFound: spec(95042, 404, "Object not found", "Event with id '{0}' not found"),
  ImageNotFound: spec(95043, 404, "Object not found", "Image with id '{0}' not found"),
  BucketNotFound: spec(95044, 404, "Object not found", "Bucket with name '{0}' not found"),
  FacesNotFound: spec(22004, 404, "Object not found", "One or more faces not found including face with id '{0}'"),
  ObjectNotFound: spec(11020, 404, "Object not found", "One or more {0} not found"),
  DatabaseUnavailable: spec(95050, 503, "Database is not available", "{0}"),
  EventAlreadyExists: spec(95051, 409, "Object already exists", "Event with id '{0}' already exists"),
  TooManyRequestPixels: spec(
    95007,
    400,
    "Request exceeds limit",
    "Request images have {0} pixels in all; the limit (MAX_REQUEST_PIXELS) is {1}",
  ),
  TooManyFaceBoxes: spec(
    95008,
    400,
    "Request exceeds limit",
    "Image '{0}' has {1} face boxes; the limit (MAX_BOXES_PER_IMAGE) is {2}",
  ),
  BadPathEncoding: spec(95031, 400, "Bad/incomplete input data", "Path '{0}' is not valid percent-encoded UTF-8"),
  HostNotAllowed: spec(95070, 403, "Forbidden", "Host '{0}' is not allowed (loopback names and ALLOWED_HOSTS are)"),
  CrossSiteRequest: spec(95071, 403, "Forbidden", "Cross-site {0} refused: {1}"),
  TokenRequired: spec(95072, 401, "Unauthorized", "{0}"),
  LambdaNotRunning: spec(95061, 409, "Lambda is not running", "Lambda with id '{0}' has status '{1}'"),
  LambdaSandboxRequired: spec(
    95099,
    503,
    "Lambda sandbox is not available",
    "LAMBDA_SANDBOX=required and no OS sandbox can start here: {0}",
  ),
  LambdaPathNotFound: spec(95062, 404, "Resource not found", "The lambda has no route '{0}' (it answers {1})"),
  LambdaMethodNotAllowed: spec(95063, 405, "Method not allowed", "'{0}' answers {1}, not {2}"),
  LambdaServicesUnavailable: spec(95064, 502, "Luna services not available", "{0}"),
  DebuggerUnavailable: spec(95065, 409, "Lambda debugger is not available", "{0}"),
  ServiceDisabled: spec(95060, 500, "Service is disabled", "{0} is disabled by ADDITIONAL_SERVICES_USAGE ({1}: false)"),
} as const satisfies Record<string, ErrorSpec>;

export type ErrorName = keyof typeof Errors;

export interface LunaErrorBody {
  error_code: number;
  desc: string;
  detail: string;
  link: string;
}

export function errorLink(code: number): string {
  return `${LUNA_ERROR_LINK_BASE}${code}`;
}

function formatDetail(template: string, args: readonly unknown[]): string {
  return template.replace(/\{(\d+)\}/g, (match, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? match : String(value);
  });
}

/** An error that knows its Luna code, HTTP status and wire body. */
export class LunaError extends Error {
  readonly spec: ErrorSpec;
  readonly detail: string;

  constructor(spec: ErrorSpec, ...args: unknown[]) {
    const detail = formatDetail(spec.detail, args);
    super(`${spec.desc}. ${detail}`);
    this.name = "LunaError";
    this.spec = spec;
    this.detail = detail;
  }

  get code(): number {
    return this.spec.code;
  }

  get status(): number {
    return this.spec.status;
  }

  toBody(): LunaErrorBody {
    return { error_code: this.spec.code, desc: this.spec.desc, detail: this.detail, link: errorLink(this.spec.code) };
  }
}

/** Body of a success marker, as Luna's `Error.Success.asDict()` gives it. */
export function successBody(): LunaErrorBody {
  return { error_code: 0, desc: "Success", detail: "Success", link: errorLink(0) };
}

/** Wraps any thrown value into a LunaError (unknown errors become code 1, never leaking stack traces). */
export function toLunaError(error: unknown): LunaError {
  if (error instanceof LunaError) return error;
  return new LunaError(Errors.UnknownError);
}
