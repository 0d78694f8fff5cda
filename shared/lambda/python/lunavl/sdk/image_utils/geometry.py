class Rect:
    """A rectangle in image pixels: Rect(x=…, y=…, width=…, height=…)."""

    def __init__(self, x=0, y=0, width=0, height=0):
        self.x, self.y, self.width, self.height = x, y, width, height

    def asDict(self):
        return {"x": self.x, "y": self.y, "width": self.width, "height": self.height}

    def __repr__(self):
        return f"Rect(x={self.x}, y={self.y}, width={self.width}, height={self.height})"
