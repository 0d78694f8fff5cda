"""The TypeScript runtime's entry points into Python: check, load and run a lambda, report how it ended."""
import importlib
import sys
import traceback

from pyodide.ffi import JsException

from ._convert import to_javascript
from ._errors import UserException
from ._handlers import HandlerReply, LambdaUserHandler
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


def list_routes(module):
    """The module's `routes` as [[path, [METHODS], class name], …]; a bad entry raises naming it."""
    routes = getattr(module, "routes", None) or {}
    if not isinstance(routes, dict):
        raise TypeError("routes must be a dict of path -> LambdaUserHandler subclass")
    listed = []
    for path, handler in routes.items():
        if not (isinstance(handler, type) and issubclass(handler, LambdaUserHandler)):
            raise TypeError(f"routes[{path!r}] must be a LambdaUserHandler subclass")
        listed.append([str(path), handler.getAllowedMethods(), handler.__name__])
    return to_javascript(listed)


async def _outcome(work):
    try:
        result = await work()
        if isinstance(result, HandlerReply):
            return {"kind": "reply", "status": int(result.statusCode), "body": to_javascript(result.body)}
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


async def run_route(module, path, method, js_request, user_ctx):
    """One request to an additional route: the handler class's method named after the HTTP method."""
    request = StandaloneLambdaRequest(js_request)
    request.userCtx = user_ctx
    handler = module.routes[path](request)
    return await _outcome(lambda: getattr(handler, method)())


async def run_main(module, js_request, lambda_type, user_ctx):
    """→ {"kind": "reply", "body"} | {"kind": "user", "status", "text"} | {"kind": "js", "error"} | {"kind": "python", "text", "traceback"}"""
    request = HandlersLambdaRequest(js_request) if lambda_type == "handlers" else StandaloneLambdaRequest(js_request)
    request.userCtx = user_ctx
    return await _outcome(lambda: module.main(request))
