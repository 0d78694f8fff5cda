"""Event objects for the events client's saveEvents, with the keyword names luna3 uses."""
from luna3._wire import Luna3Object


def _event_class(name):
    return type(name, (Luna3Object,), {"_js_class": name, "__doc__": f"luna3 {name}(**keywords)"})


BasicAttributes = _event_class("BasicAttributes")
BasicEthnicities = _event_class("BasicEthnicities")
Descriptor = _event_class("Descriptor")
DetectionSamples = _event_class("DetectionSamples")
Event = _event_class("Event")
EventDetection = _event_class("EventDetection")
EventFace = _event_class("EventFace")
EventFaceAttributes = _event_class("EventFaceAttributes")
FaceSample = _event_class("FaceSample")
