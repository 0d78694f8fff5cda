"""The parts of python-dateutil lambdas use (written for the playground: tz.tzutc, tz.tzlocal, tz.gettz)."""
