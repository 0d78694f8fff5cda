"""Values across the Python/JavaScript border, converted deliberately (None ↔ null, bytes ↔ Uint8Array)."""
import js
from pyodide.ffi import JsProxy, jsnull, to_js


def to_javascript(value):
    """Python value → JS value: dicts become plain objects, bytes Uint8Array, None null."""
    if value is None or value is jsnull:
        return jsnull
    to_js_method = getattr(value, "_to_js", None)
    if to_js_method is not None:
        return to_js_method()
    if isinstance(value, JsProxy) or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return to_js(bytes(value))
    if isinstance(value, dict):
        entries = js.Array.new()
        for key, item in value.items():
            pair = js.Array.new()
            pair.push(str(key))
            pair.push(to_javascript(item))
            entries.push(pair)
        return js.Object.fromEntries(entries)
    if isinstance(value, (list, tuple, set)):
        array = js.Array.new()
        for item in value:
            array.push(to_javascript(item))
        return array
    raise TypeError(f"cannot send a {type(value).__name__} to a Luna client")


def to_python(value):
    """JS value → plain Python: objects become dicts, arrays lists, Uint8Array bytes, null None."""
    if value is None or value is jsnull:
        return None
    if isinstance(value, JsProxy):
        type_name = js.Object.prototype.toString.call(value)
        if type_name == "[object Uint8Array]":
            return value.to_bytes()
        if type_name == "[object Array]":
            return [to_python(item) for item in value]
        if type_name == "[object Object]":
            return {key: to_python(js.Reflect.get(value, key)) for key in js.Object.keys(value)}
        return value
    return value
