"""luna3 helper objects built on the TypeScript ones (one wire format for both languages)."""
from _luna_bridge import luna3_new

from luna_lambda_tools._convert import to_javascript


class Luna3Object:
    """Keyword arguments kept as attributes; sent to a client as the TypeScript class of the same name."""

    _js_class = ""

    def __init__(self, **kwargs):
        self._options = kwargs
        for key, value in kwargs.items():
            setattr(self, key, value)

    def _to_js(self):
        return luna3_new(self._js_class, to_javascript(self._options))

    def asDict(self):
        from luna_lambda_tools._convert import to_python

        return to_python(self._to_js().asDict())

    def __repr__(self):
        return f"{type(self).__name__}({', '.join(f'{k}={v!r}' for k, v in self._options.items() if not isinstance(v, (bytes, bytearray)))})"
