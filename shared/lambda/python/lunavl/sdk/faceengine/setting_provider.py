from enum import Enum


class DetectorType(Enum):
    """Detector names of the LUNA SDK; the playground has one detector (UltraFace) for all of them."""

    FACE_DET_DEFAULT = "Default"
    FACE_DET_V1 = "FaceDetV1"
    FACE_DET_V2 = "FaceDetV2"
    FACE_DET_V3 = "FaceDetV3"
