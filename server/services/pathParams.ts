import { Errors, LunaError } from "../../shared/luna/errors.ts";
import { isUuid } from "../http/account.ts";

/** A path parameter that must be a UUID; a malformed one is a 400 naming the parameter. */
export function pathUuid(name: string, value: string | undefined): string {
  if (!value || !isUuid(value))
    throw new LunaError(Errors.BadInputData, `path parameter '${name}' must be a UUID, got '${value ?? ""}'`);
  return value.toLowerCase();
}
