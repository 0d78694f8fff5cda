from uuid import uuid4

from luna_lambda_tools import HandlersLambdaRequest


async def main(request: HandlersLambdaRequest) -> dict:
    nonExistFaceId = str(uuid4())
    reply = await request.clients.faces.getFace(faceId=nonExistFaceId, raiseError=False)
    return reply.json
