"""Runs a Python lambda's main for the TypeScript runtime and reports how it ended."""
import traceback

from pyodide.ffi import JsException

from ._convert import to_javascript
from ._errors import UserException
from ._request import HandlersLambdaRequest, StandaloneLambdaRequest


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
