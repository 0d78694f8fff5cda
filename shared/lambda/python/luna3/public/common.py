from luna3._wire import Luna3Object


class BinaryImage(Luna3Object):
    """An image for the Remote SDK: BinaryImage(filename=…, body=…, mimetype=…, faceDetectionData=…)."""

    _js_class = "BinaryImage"

    def __init__(self, body, filename=None, mimetype="image/jpeg", faceDetectionData=None):
        options = {"body": body, "filename": filename, "mimetype": mimetype}
        if faceDetectionData is not None:
            options["faceDetectionData"] = faceDetectionData
        super().__init__(**options)
