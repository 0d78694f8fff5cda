import asyncio
from datetime import datetime
from uuid import uuid4

from cow.errors.errors import Error
from dateutil.tz import tz
from luna3.public.common import BinaryImage
from luna3.public.events import (
    BasicAttributes,
    BasicEthnicities,
    Descriptor,
    DetectionSamples,
    Event,
    EventDetection,
    EventFace,
    EventFaceAttributes,
    FaceSample,
)
from luna_lambda_tools import HandlersLambdaRequest, UserException
from vlutils.descriptors.containers import sdkDescriptorDecode


class ImageCountException(UserException):
    statusCode = 400
    errorText = "expected at least one image in request"


class FaceCountException(UserException):
    statusCode = 400
    errorText = "excepted at least one face on each image"


class DetectionException(UserException):
    statusCode = 400
    errorText = "failed to detect at least one face"


async def saveData(request: HandlersLambdaRequest, image, handlerId: str, createTime: str) -> tuple[dict, dict]:
    # If you need to determine type of image use https://docs.python.org/3/library/imghdr.html or another library.
    mimetype = "image/jpeg"
    binaryImage = BinaryImage(filename=image.filename or "raw_image", body=image.source.body, mimetype=mimetype)
    imagesEstimations = (
        await request.clients.sdk.sdk(
            binaryImage, estimateFaceDescriptor=1, estimateBasicAttributes=1, estimateFaceWarp=1
        )
    ).json["images_estimations"]
    if len(imagesEstimations) < 1:
        raise FaceCountException

    imageEstimation = imagesEstimations[0]
    imageName = imageEstimation["filename"]
    if len(imageEstimation["estimations"]) < 1:
        raise DetectionException
    sdkDescriptor = imageEstimation["estimations"][0]["face"]["detection"]["attributes"]["descriptor"]["sdk_descriptor"]
    basicAttributes = imageEstimation["estimations"][0]["face"]["detection"]["attributes"]["basic_attributes"]
    faceSample = imageEstimation["estimations"][0]["face"]["detection"]["warp"]

    descriptorVersion, descriptor = sdkDescriptorDecode(sdkDescriptor)

    sampleId = (await request.clients.faceSamplesStore.postImage(imageInBytes=faceSample, raiseError=True)).json[
        "image_id"
    ]

    faceId = (
        await request.clients.faces.createFace(
            descriptors=[sdkDescriptor],
            externalId=imageName,
            descriptorSamples=[sampleId],
            raiseError=True,
        )
    ).json["face_id"]
    eventId = str(uuid4())
    event = Event(
        eventId=eventId,
        createTime=createTime,
        handlerId=handlerId,
        externalId=imageName,
        face=EventFace(faceId=faceId, lists=[]),
        faceAttributes=EventFaceAttributes(
            descriptorData=Descriptor(descriptor=descriptor, descriptorVersion=descriptorVersion),
            basicAttributes=BasicAttributes(
                age=basicAttributes["age"],
                gender=basicAttributes["gender"],
                ethnicities=BasicEthnicities(
                    predominantEthnicity=basicAttributes["ethnicities"]["predominant_ethnicity"]
                ),
            ),
        ),
        detections=[
            EventDetection(
                filename=imageName,
                detectTime=createTime,
                samples=DetectionSamples(face=FaceSample(sampleId=sampleId)),
            )
        ],
    )
    await request.clients.events.saveEvents([event], waitEventsSaving=True, raiseError=True)
    await request.clients.sender.publish(
        events=[{"value": f"Hello, I'm new event with id {eventId}!"}],
        handlerId="00000000-0000-4000-a000-000003491877",
        eventCreateTime=str(datetime.now()),
        eventEndTime=str(datetime.now()),
    )
    imageResult = {"filename": binaryImage.filename, "status": 1, "error": Error.Success.asDict()}
    eventResult = {
        "face_attributes": {
            "attribute_id": None,
            "url": None,
            "basic_attributes": basicAttributes,
            "samples": [sampleId],
        },
        "body_attributes": None,
        "aggregate_estimations": {
            "face": None,
            "body": None,
        },
        "source": None,
        "tags": [],
        "external_id": "",
        "user_data": "",
        "face": {
            "face_id": faceId,
            "url": f"{request.clients.faces.getAddress()}/faces/{faceId}",
        },
        "event_id": eventId,
        "url": f"{request.clients.events.getAddress()}/events/{eventId}",
        "matches": None,
        "location": {},
        "detections": [
            {
                "filename": binaryImage.filename,
                "samples": {
                    "face": {
                        "sample_id": sampleId,
                        "url": f"{request.clients.faceSamplesStore.getAddress()}/images/{sampleId}",
                        "detection": {},
                    },
                    "body": None,
                },
                "detect_time": image.detectTime or createTime,
                "detect_ts": image.detectTs,
                "image_origin": image.imageOrigin,
            }
        ],
        "track_id": None,
        "meta": None,
    }
    return imageResult, eventResult


async def main(request: HandlersLambdaRequest) -> dict:
    if not len(request.data.sources):
        raise ImageCountException

    handlerId = str(uuid4())
    createTime = datetime.now(tz=tz.tzlocal()).isoformat()
    kwargs = {"request": request, "handlerId": handlerId, "createTime": createTime}

    results = await asyncio.gather(*[saveData(image=image, **kwargs) for image in request.data.sources])
    resultEvents, resultImages = [], []
    for imageResult, eventResult in results:
        resultEvents.append(eventResult)
        resultImages.append(imageResult)

    return {"events": resultEvents, "images": resultImages, "filtered_detections": {"face_detections": []}}
