/** Luna Python Matcher client (clients.lpm). */
import { lunaRequest, type LunaResponse, type ServiceEndpoint } from "./lunaHttp.ts";
import { toWire, type WireConvertible } from "./events.ts";

export interface MatchRawReply {
  matches: { reference_id: string; matches: { candidate_id: string; similarity: number }[] }[];
}

export class MatcherClient {
  constructor(private readonly endpoint: ServiceEndpoint) {}

  getAddress(): string {
    return this.endpoint.baseUri;
  }

  /** Every candidate against every reference (SDKDescriptorReference objects or wire dicts). */
  matchRaw(options: {
    candidates: WireConvertible[];
    references: WireConvertible[];
    raiseError?: boolean;
  }): Promise<LunaResponse<MatchRawReply>> {
    return lunaRequest(this.endpoint, {
      method: "POST",
      path: "/matcher/raw",
      json: { references: options.references.map(toWire), candidates: options.candidates.map(toWire) },
      raiseError: options.raiseError,
    });
  }

  matchFaces(options: {
    references: ({ type: "face"; id: string } | WireConvertible)[];
    candidates: { filters: { list_id?: string; face_ids?: string[] }; limit?: number; threshold?: number }[];
    raiseError?: boolean;
  }): Promise<LunaResponse> {
    return lunaRequest(this.endpoint, {
      method: "POST",
      path: "/matcher/faces",
      json: { references: options.references.map((r) => toWire(r as WireConvertible)), candidates: options.candidates },
      raiseError: options.raiseError,
    });
  }
}
