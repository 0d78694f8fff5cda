from luna_lambda_tools import HandlersLambdaRequest, UserException
from lunavl.sdk.detectors.base import ImageForDetection
from lunavl.sdk.faceengine.engine import VLFaceEngine
from lunavl.sdk.faceengine.setting_provider import DetectorType
from lunavl.sdk.image_utils.geometry import Rect
from lunavl.sdk.image_utils.image import VLImage


class ImageCountException(UserException):
    statusCode = 400
    errorText = "expected one image in request"


class FaceDetectionException(UserException):
    statusCode = 400
    errorText = "failed to get face detection from image"


async def main(request: HandlersLambdaRequest) -> dict:
    if len(request.data.sources) != 1:
        raise ImageCountException

    image = VLImage(body=request.data.sources[0].source.body)
    faceEngine = VLFaceEngine()
    detector = faceEngine.createFaceDetector(DetectorType.FACE_DET_V3)
    faceDetectionData = request.data.sources[0].source.faceDetectionData[0].boundingBox
    bbox = Rect(
        x=faceDetectionData.x, y=faceDetectionData.y, height=faceDetectionData.height, width=faceDetectionData.width
    )
    detections = detector.detect([ImageForDetection(image, bbox)])
    if not detections:
        raise FaceDetectionException
    faceDetections = detections[0]
    warper = faceEngine.createFaceWarper()
    warps = [warper.warp(faceDetection) for faceDetection in faceDetections]
    maskEstimator = faceEngine.createMaskEstimator()
    mask = await maskEstimator.estimate(warps[0].warpedImage, asyncEstimate=True)

    return {"results": mask.asDict()}
