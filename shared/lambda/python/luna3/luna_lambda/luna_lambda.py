class LambdaApi:
    """Calling the LUNA Lambda service is what the request examples do from outside; a lambda cannot."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError("LambdaApi is for calling a lambda from outside (the exported README's example); inside a lambda use request.clients")
