/**
 * Runs a lambda module in this process against a running server — the luna-lambda-tools kit end
 * to end (the sandboxed lambda service runs the same invokeLambda in a child process).
 */
import { encodeHandlersRequest } from "../../shared/lambda/requestBuilder.ts";
import { Clients } from "../../shared/lambda/clients/clients.ts";
import { invokeLambda, type LambdaReply } from "../../shared/lambda/invoke.ts";
import { HandlersLambdaRequest } from "../../shared/lambda/request.ts";
import { resolveSettings } from "../../shared/lambda/settings.ts";

export type LambdaMain = (request: HandlersLambdaRequest) => Promise<unknown>;

/** The msgpack body the seed's request examples send (RequestPayload.buildMsgpack). */
export function seedRequestBody(
  images: {
    filename: string;
    body: Uint8Array;
    faceDetectionData?: { x: number; y: number; width: number; height: number }[];
  }[],
): Uint8Array {
  return encodeHandlersRequest(images.map((i) => ({ filename: i.filename, body: i.body, boxes: i.faceDetectionData })));
}

export async function runLambda(
  main: LambdaMain,
  options: {
    serverUrl: string;
    accountId: string;
    body: Uint8Array;
    contentType?: string;
    settings?: Record<string, unknown>;
  },
): Promise<LambdaReply> {
  const settings = resolveSettings(options.settings ?? {}, options.serverUrl);
  const requestId = `${Math.floor(Date.now() / 1000)},${crypto.randomUUID()}`;
  const clients = new Clients(settings, { accountId: options.accountId, requestId });
  const request = new HandlersLambdaRequest(
    {
      method: "POST",
      headers: { "content-type": options.contentType ?? "application/msgpack", "luna-account-id": options.accountId },
      query: {},
      body: options.body,
      requestId,
    },
    clients,
  );
  return invokeLambda(main, request, "handlers");
}
