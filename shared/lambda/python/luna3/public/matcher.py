from luna3._wire import Luna3Object


class SDKDescriptorReference(Luna3Object):
    """A raw descriptor to match: SDKDescriptorReference(descriptor=…, referenceId=…)."""

    _js_class = "SDKDescriptorReference"

    def __init__(self, descriptor, referenceId):
        super().__init__(descriptor=descriptor, referenceId=referenceId)
