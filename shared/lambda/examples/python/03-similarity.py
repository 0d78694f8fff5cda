from uuid import uuid4

from luna3.public.common import BinaryImage
from luna3.public.matcher import SDKDescriptorReference
from luna_lambda_tools import HandlersLambdaRequest, UserException


class ImageCountException(UserException):
    statusCode = 400
    errorText = "expected two images in request"


class FaceCountException(UserException):
    statusCode = 400
    errorText = "excepted one face on each image"


async def main(request: HandlersLambdaRequest) -> dict:
    if len(request.data.sources) != 2:
        raise ImageCountException

    images = []
    for i in range(2):
        img = request.data.sources[i]
        # If you need to determine type of image use https://docs.python.org/3/library/imghdr.html or another library.
        mimetype = "image/jpeg"
        images.append(BinaryImage(filename=img.filename, body=img.source.body, mimetype=mimetype))
    imagesEstimations = (await request.clients.sdk.sdk(images, estimateFaceDescriptor=1)).json["images_estimations"]

    descriptors = []
    for imageEstimations in imagesEstimations:
        estimations = imageEstimations["estimations"]
        if len(estimations) != 1:
            raise FaceCountException
        descriptors.append(estimations[0]["face"]["detection"]["attributes"]["descriptor"]["sdk_descriptor"])

    similarity = (
        await request.clients.matcher.matchRaw(
            candidates=[SDKDescriptorReference(descriptor=descriptors[0], referenceId=str(uuid4()))],
            references=[SDKDescriptorReference(descriptor=descriptors[1], referenceId=str(uuid4()))],
        )
    ).json["matches"][0]["matches"][0]["similarity"]

    return {"similarity": similarity}
