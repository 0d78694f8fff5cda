class VLImage:
    """An encoded image (JPEG, PNG, WebP bytes) for the detector."""

    def __init__(self, body, filename=""):
        self.body = body if isinstance(body, (bytes, bytearray)) else body.to_bytes() if hasattr(body, "to_bytes") else bytes(body)
        self.filename = filename
