class UserException(Exception):
    """Raise a subclass (or an instance) to answer with `statusCode` and `errorText`."""

    statusCode = 500
    errorText = "Lambda exception"

    def __init__(self, errorText=None):
        if errorText is not None:
            self.errorText = errorText
        super().__init__(self.errorText)
