"""The TypeScript runtime's entry points into Python: check, load and run a lambda, report how it ended."""
import importlib
import sys
import traceback

from pyodide.ffi import JsException

from ._convert import to_javascript
from ._errors import UserException
from ._request import HandlersLambdaRequest, StandaloneLambdaRequest


def check_syntax(source, file):
    """None when the file compiles, else [text, line, column]."""
    try:
        compile(source, file, "exec")
        return None
    except SyntaxError as error:
        return [f"{type(error).__name__}: {error.msg}", error.lineno, error.offset]


def load_lambda(path, lambdas_root):
    """Imports lambda_main from `path`, forgetting any lambda loaded before (its modules and path)."""
    sys.path[:] = [p for p in sys.path if not p.startswith(lambdas_root)]
    sys.path.insert(0, path)
    for name in [n for n, m in list(sys.modules.items()) if (getattr(m, "__file__", None) or "").startswith(lambdas_root)]:
        del sys.modules[name]
    importlib.invalidate_caches()
    return importlib.import_module("lambda_main")


def has_main(module):
    return callable(getattr(module, "main", None))


async def start_user_ctx(module):
    ctx_class = getattr(module, "UserCtx", None)
    if ctx_class is None:
        return None
    ctx = ctx_class()
    on_start = getattr(ctx, "onStart", None)
    if on_start is not None:
        result = on_start()
        if hasattr(result, "__await__"):
            await result
    return ctx


async def run_main(module, js_request, lambda_type, user_ctx):
    """→ {"kind": "reply", "body"} | {"kind": "user", "status", "text"} | {"kind": "js", "error"} | {"kind": "python", "text", "traceback"}"""
    request = HandlersLambdaRequest(js_request) if lambda_type == "handlers" else StandaloneLambdaRequest(js_request)
    request.userCtx = user_ctx
    try:
        result = await module.main(request)
        return {"kind": "reply", "body": to_javascript(result)}
    except UserException as error:
        return {"kind": "user", "status": int(error.statusCode), "text": str(error.errorText)}
    except JsException as error:
        # A client's LunaApiException, a Luna validation error of the request…: the JS error itself.
        return {"kind": "js", "error": getattr(error, "js_error", None), "text": str(error)}
    except BaseException as error:
        if isinstance(error, type) and issubclass(error, UserException):
            return {"kind": "user", "status": int(error.statusCode), "text": str(error.errorText)}
        return {"kind": "python", "text": f"{type(error).__name__}: {error}", "traceback": traceback.format_exc()}
