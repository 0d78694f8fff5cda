"""The request objects a Python lambda receives, wrapping the TypeScript ones (same validation)."""
from _luna_bridge import call_client

from ._convert import to_javascript, to_python

# Python callers pass some arguments positionally; the TypeScript clients take one options object.
_POSITIONAL = {
    "sdk": ["inputData"],
    "saveEvents": ["events"],
    "matchRaw": ["candidates", "references"],
    "matchFaces": ["candidates", "references"],
    "postImage": ["imageInBytes"],
    "publish": ["events", "handlerId"],
}


class LunaReply:
    """A service reply: `statusCode`, `json` (plain Python: dicts, lists, bytes), `headers`, `body`."""

    def __init__(self, reply):
        self.statusCode = reply.statusCode
        self.json = to_python(reply.json)
        self.headers = to_python(reply.headers)
        self.body = reply.body.to_bytes()

    def __repr__(self):
        return f"<LunaReply {self.statusCode}>"


class _ServiceClient:
    def __init__(self, client, name):
        self._client = client
        self._name = name

    def getAddress(self):
        return self._client.getAddress()

    def __getattr__(self, method):
        if method.startswith("_"):
            raise AttributeError(method)
        names = _POSITIONAL.get(method, [])

        async def call(*args, **kwargs):
            if len(args) > len(names):
                raise TypeError(f"{self._name}.{method}() takes keyword arguments" + (f" (positional: {', '.join(names)})" if names else ""))
            options = dict(zip(names, args))
            options.update(kwargs)
            return LunaReply(await call_client(self._client, method, to_javascript(options)))

        call.__name__ = method
        return call


class _Clients:
    def __init__(self, clients):
        self._clients = clients

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        client = getattr(self._clients, name, None)
        if client is None:
            raise AttributeError(f"request.clients has no client '{name}'")
        return _ServiceClient(client, name)


class _BaseRequest:
    def __init__(self, request):
        self._request = request
        self.clients = _Clients(request.clients)
        self.userCtx = None

    @property
    def headers(self):
        return to_python(self._request.headers)

    @property
    def args(self):
        return to_python(self._request.query)

    query = args

    @property
    def requestId(self):
        return self._request.requestId

    def getBody(self):
        return self._request.body.to_bytes()

    @property
    def body(self):
        return self.getBody()


class HandlersLambdaRequest(_BaseRequest):
    """`request.data`: the validated msgpack body (sources, with attribute access as in Luna)."""

    @property
    def data(self):
        return self._request.data

    @property
    def handlerId(self):
        return self._request.handlerId


class StandaloneLambdaRequest(_BaseRequest):
    """`request.json`: the JSON body as Python values."""

    @property
    def json(self):
        return to_python(self._request.json)
