"""Additional routes of a Python lambda, after luna_lambda_tools' LambdaUserHandler.

A class per route whose async methods are named after the HTTP methods it answers; lambda_main.py
lists them in `routes = {"/greeting": Greeting}`. A returned value is a 200 JSON reply;
`self.success(body, statusCode)` and `self.error(statusCode, text)` choose the status.
"""
from ._errors import UserException

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


class HandlerReply:
    def __init__(self, statusCode, body):
        self.statusCode = statusCode
        self.body = body


class LambdaUserHandler:
    def __init__(self, request):
        self.request = request

    def success(self, body=None, statusCode=200):
        return HandlerReply(statusCode, body)

    def error(self, statusCode, error):
        exception = UserException(error)
        exception.statusCode = statusCode
        exception.errorText = error
        raise exception

    def getAccountIdFromHeader(self, required=False):
        account = self.request.headers.get("luna-account-id")
        if account is None and required:
            self.error(400, "Luna-Account-Id header is required")
        return account

    @classmethod
    def getAllowedMethods(cls):
        return [m.upper() for m in HTTP_METHODS if callable(getattr(cls, m, None))]
