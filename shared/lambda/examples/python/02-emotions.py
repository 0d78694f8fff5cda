from luna3.public.common import BinaryImage
from luna_lambda_tools import HandlersLambdaRequest


async def main(request: HandlersLambdaRequest) -> dict:
    results = []
    for image in request.data.sources:
        # If you need to determine type of image use https://docs.python.org/3/library/imghdr.html or another library.
        mimetype = "image/jpeg"
        result = (
            await request.clients.sdk.sdk(
                inputData=BinaryImage(
                    filename=image.filename or "raw_image", body=image.source.body, mimetype=mimetype
                ),
                detectFace=1,
                estimateEmotions=1,
            )
        ).json
        results.append({"image_filename": image.filename, "estimations": result})
    return {"result": results}
