// Seed example 1, second form: raiseError: false → the service's reply is returned (201 with 22002).
import { HandlersLambdaRequest } from "luna-lambda-tools";

export async function main(request: HandlersLambdaRequest): Promise<Record<string, unknown>> {
  const nonExistFaceId = crypto.randomUUID();
  const reply = await request.clients.faces.getFace({ faceId: nonExistFaceId, raiseError: false });
  return reply.json;
}
