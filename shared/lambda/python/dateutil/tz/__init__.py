from . import tz
from .tz import gettz, tzlocal, tzutc

__all__ = ["tz", "gettz", "tzlocal", "tzutc"]
