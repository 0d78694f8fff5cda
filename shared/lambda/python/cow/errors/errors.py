"""cow.errors.errors.Error: Luna's error catalogue (the playground's, shared with TypeScript)."""
from _luna_bridge import luna_error

from luna_lambda_tools._convert import to_python


class _LunaErrorSpec:
    def __init__(self, name):
        self._body = to_python(luna_error(name))
        self.errorCode = self._body["error_code"]
        self.description = self._body["desc"]
        self.detail = self._body["detail"]

    def asDict(self):
        return dict(self._body)


class _ErrorCatalogue(type):
    def __getattr__(cls, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return _LunaErrorSpec(name)


class Error(metaclass=_ErrorCatalogue):
    """Error.Success.asDict() → {"error_code": 0, "desc": "Success", …}."""
