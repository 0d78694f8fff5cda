from _luna_bridge import msgpack_encode

from luna_lambda_tools._convert import to_javascript


class RequestPayload:
    """How the LUNA documentation's request examples build a handlers request body."""

    def __init__(self, body, contentType):
        self.body = body
        self.contentType = contentType

    @classmethod
    def buildMsgpack(cls, body):
        return cls(msgpack_encode(to_javascript(body)).to_bytes(), "application/msgpack")
