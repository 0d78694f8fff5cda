"""luna_lambda_tools for Python lambdas, as the playground runs them (Pyodide).

Written for luna-lambda-playground: the names the LUNA documentation's lambdas import. Every client
call goes to the TypeScript clients through the `_luna_bridge` JS module, so Python and TypeScript
lambdas share one implementation of each service call and error rule.
"""
from ._request import HandlersLambdaRequest, StandaloneLambdaRequest
from ._errors import UserException
from ._logger import logger
from ._handlers import LambdaUserHandler

__all__ = ["HandlersLambdaRequest", "StandaloneLambdaRequest", "UserException", "logger", "LambdaUserHandler"]
