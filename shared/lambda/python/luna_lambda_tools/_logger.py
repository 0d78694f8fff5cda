from _luna_bridge import log as _log


class _Logger:
    """The lambda logger: arguments joined by spaces, one record per call (request id added)."""

    def _write(self, level, args):
        _log(level, " ".join(a if isinstance(a, str) else repr(a) if isinstance(a, (bytes, bytearray)) else str(a) for a in args))

    def debug(self, *args):
        self._write("DEBUG", args)

    def info(self, *args):
        self._write("INFO", args)

    def warning(self, *args):
        self._write("WARNING", args)

    warn = warning

    def error(self, *args):
        self._write("ERROR", args)

    def exception(self, *args):
        import traceback

        self._write("ERROR", args + (traceback.format_exc(),))


logger = _Logger()
