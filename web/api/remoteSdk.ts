/** Calls the server's Remote SDK and parses the reply at the edge. */
import { lunaErrorBodySchema } from "../../shared/luna/schemas/error.ts";
import { sdkReplySchema, type SdkReply } from "../../shared/luna/schemas/sdk.ts";

export interface SdkCall {
  reply: SdkReply;
  serverTiming: string;
  backend: string;
}

export async function callRemoteSdk(file: File, query: URLSearchParams): Promise<SdkCall> {
  const form = new FormData();
  form.append("image", file, file.name);
  const response = await fetch(`/luna-remote-sdk/1/sdk?${query}`, { method: "POST", body: form });
  const json: unknown = await response.json();
  if (!response.ok) {
    const error = lunaErrorBodySchema.safeParse(json);
    throw new Error(error.success ? `${error.data.error_code} ${error.data.desc}: ${error.data.detail}` : `HTTP ${response.status}`);
  }
  return {
    reply: sdkReplySchema.parse(json),
    serverTiming: response.headers.get("server-timing") ?? "",
    backend: response.headers.get("inference-backend") ?? "",
  };
}
