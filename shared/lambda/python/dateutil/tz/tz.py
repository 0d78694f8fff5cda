"""tzutc, tzlocal (the runtime's zone, as JavaScript reports it) and gettz (fixed offsets and UTC)."""
import re
from datetime import datetime, timedelta, timezone, tzinfo

import js


def tzutc():
    return timezone.utc


class tzlocal(tzinfo):
    """The local zone of the JS runtime (its offset for each moment, daylight saving included)."""

    def utcoffset(self, dt):
        if dt is None:
            dt = datetime.now()
        moment = js.Date.new(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second)
        return timedelta(minutes=-moment.getTimezoneOffset())

    def dst(self, dt):
        return timedelta(0)

    def tzname(self, dt):
        return js.Intl.DateTimeFormat.new().resolvedOptions().timeZone

    def __repr__(self):
        return "tzlocal()"


def gettz(name=None):
    """None/"" → tzlocal(); "UTC"/"Z" → UTC; "+03:00"-style offsets; other zone names are not bundled."""
    if not name:
        return tzlocal()
    if name.upper() in ("UTC", "Z", "GMT"):
        return timezone.utc
    match = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?", name)
    if match:
        sign = 1 if match.group(1) == "+" else -1
        return timezone(sign * timedelta(hours=int(match.group(2)), minutes=int(match.group(3) or 0)))
    return None
