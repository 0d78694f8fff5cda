"""VLFaceEngine over the playground's inference core: detector, warper and mask estimator."""
from lunavl._engine import call_async, call_sync, plain
from lunavl.sdk.image_utils.geometry import Rect


class FaceDetection:
    def __init__(self, image, detection):
        self.image = image
        self._detection = detection
        rect = plain(detection.rect)
        self.boundingBox = Rect(**rect)
        self.score = detection.score

    def asDict(self):
        return {"rect": self.boundingBox.asDict(), "score": self.score}


class FaceWarp:
    def __init__(self, warp):
        self._warp = warp
        self.warpedImage = self

    def _to_js(self):
        return self._warp


class MaskEstimation:
    def __init__(self, result):
        self._result = plain(result)

    def asDict(self):
        return dict(self._result)


class FaceDetector:
    def detect(self, images):
        results = []
        for item in images:
            image = getattr(item, "image", item)
            area = getattr(item, "detectArea", None)
            found = call_sync("detectFaces", {"image": image.body, "area": area.asDict() if area is not None else None})
            results.append([FaceDetection(image, detection) for detection in found])
        return results


class FaceWarper:
    def warp(self, faceDetection):
        return FaceWarp(call_sync("warp", {"image": faceDetection.image.body, "detection": faceDetection._detection}))


class MaskEstimator:
    def estimate(self, warp, asyncEstimate=False):
        js_warp = getattr(warp, "_warp", warp)
        if asyncEstimate:
            async def estimate():
                return MaskEstimation(await call_async("estimateMask", {"warp": js_warp}))

            return estimate()
        return MaskEstimation(call_sync("estimateMask", {"warp": js_warp}))


class VLFaceEngine:
    def createFaceDetector(self, detectorType=None):
        return FaceDetector()

    def createFaceWarper(self):
        return FaceWarper()

    def createMaskEstimator(self):
        return MaskEstimator()
