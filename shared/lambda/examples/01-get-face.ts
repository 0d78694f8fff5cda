// Seed example 1: a service error, raised (raiseError: true) → 500 with the service's error quoted.
import { HandlersLambdaRequest } from "luna-lambda-tools";

export async function main(request: HandlersLambdaRequest): Promise<Record<string, unknown>> {
  const nonExistFaceId = crypto.randomUUID();
  const reply = await request.clients.faces.getFace({ faceId: nonExistFaceId, raiseError: true });
  return reply.json;
}
