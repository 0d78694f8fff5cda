"""Calls into the inference core (the lambda's `engine`), synchronously where lunavl is synchronous.

lunavl's detect and warp return values, not awaitables. On the server the runner answers them
synchronously (it blocks on a pipe to the server, server/runtime/syncEngineChannel.ts); in the
browser Pyodide waits for the engine's promise through JavaScript Promise Integration (Chromium
has it). A runtime with neither says clearly what is missing instead of pretending.
"""
from _luna_bridge import engine_call, engine_call_sync, has_engine_call_sync

from luna_lambda_tools._convert import to_javascript, to_python


def call_async(operation, args):
    return engine_call(operation, to_javascript(args))


def call_sync(operation, args):
    if has_engine_call_sync:
        return engine_call_sync(operation, to_javascript(args))
    try:
        from pyodide.ffi import run_sync
    except ImportError:  # an older Pyodide
        run_sync = None
    if run_sync is not None:
        try:
            return run_sync(call_async(operation, args))
        except RuntimeError as error:
            if "JSPI" not in str(error) and "stack switching" not in str(error).lower():
                raise
    raise RuntimeError(
        f"lunavl's synchronous {operation} needs JavaScript Promise Integration, which this runtime lacks "
        "(Node 20); run this lambda on the server or in Chromium, or use the asynchronous engine calls"
    )


def plain(value):
    return to_python(value)
