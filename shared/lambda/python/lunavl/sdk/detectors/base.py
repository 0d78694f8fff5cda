class ImageForDetection:
    """An image and the area to detect in: ImageForDetection(image, detectArea)."""

    def __init__(self, image, detectArea):
        self.image = image
        self.detectArea = detectArea
