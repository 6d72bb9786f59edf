"""One error shape for every 4xx and 5xx: ``{code, status, message, errors}``.

``code`` is a stable machine-readable word, ``status`` the HTTP status, ``message`` a plain
sentence for the staff member or participant reading it, ``errors`` the per-field messages
(field name -> list of sentences) where input was refused.

Services map their domain exceptions to (status, code) in one table
(``dialog_platform.errors.error_table``), passed to ``register_error_handlers``; the
exception's own text is the message.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

from ..errors import ErrorTable
from ..logging import get_logger

log = get_logger(__name__)

#: Plain sentences for the statuses Flask and werkzeug raise by themselves.
DEFAULT_MESSAGES = {
    400: ("bad_request", "The request could not be read. Please check what was sent."),
    401: ("unauthenticated", "Please sign in: this page needs a staff token."),
    403: ("forbidden", "Your account does not have permission for this."),
    404: ("not_found", "There is nothing at this address."),
    405: ("method_not_allowed", "This address does not accept that kind of request."),
    409: ("conflict", "This conflicts with the current state. Please reload and try again."),
    413: ("too_large", "What was sent is too large."),
    415: ("unsupported_media_type", "Please send JSON (Content-Type: application/json)."),
    422: ("invalid_input", "Some of the information is missing or not valid."),
    429: ("too_many_requests", "Too many requests. Please wait a moment and try again."),
    500: (
        "internal_error",
        "Something went wrong on our side. It has been logged; please try again later.",
    ),
    503: ("unavailable", "The service is not ready. Please try again in a moment."),
}

#: Seconds a client is asked to wait before trying again while a dependency is down.
RETRY_AFTER = 5
UNAVAILABLE = (
    "This service cannot reach its database at the moment. Nothing was changed; "
    "please try again in a few seconds."
)
OUT_OF_RANGE = "A number or value is out of the range this service accepts. Please check it."


class ApiError(Exception):
    """An error answered as it is: status, code, message and optional field errors."""

    def __init__(
        self, status: int, code: str, message: str, errors: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors or {}


def error_response(status: int, code: str, message: str, errors: dict[str, Any] | None = None):
    response = jsonify({"code": code, "status": status, "message": message, "errors": errors or {}})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="dialog"'
    return response


def _field_errors(exc: HTTPException) -> dict[str, Any]:
    """webargs puts marshmallow's messages under the request location (json, query, ...)."""
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages") or data.get("errors") or {}
    flat: dict[str, Any] = {}
    for location, fields in messages.items():
        if isinstance(fields, dict):
            flat.update(fields)
        else:
            flat[location] = fields
    return flat


def _describe_fields(errors: dict[str, Any]) -> str:
    if set(errors) <= {"json", "form", "query", "_schema"}:  # the whole body, not one field
        return " ".join(str(m) for messages in errors.values() for m in messages)
    names = ", ".join(sorted(str(name) for name in errors))
    return f"Some of the information is missing or not valid: {names}. Please check these fields."


def handle_http_exception(exc: HTTPException):
    status = exc.code or 500
    code, message = DEFAULT_MESSAGES.get(status, ("error", exc.description or "Error."))
    errors = _field_errors(exc)
    explicit = (getattr(exc, "data", None) or {}).get("message")
    if explicit:
        message = explicit
    elif errors and status in (400, 422):
        message = _describe_fields(errors)
    response = error_response(status, code, message, errors)
    allow = dict(exc.get_headers()).get("Allow")  # 405: the methods the address accepts
    if allow:
        response.headers["Allow"] = allow
    return response


def handle_api_error(exc: ApiError):
    return error_response(exc.status, exc.code, exc.message, exc.errors)


def handle_database_unavailable(exc: Exception):
    """The database refused or lost the connection (or none was free in time): 503, one line in
    the log, no traceback; the request's transaction is rolled back, nothing changed."""
    log.warning("database unavailable", error=type(getattr(exc, "orig", None) or exc).__name__)
    response = error_response(503, "database_unavailable", UNAVAILABLE)
    response.headers["Retry-After"] = str(RETRY_AFTER)
    return response


def handle_out_of_range(exc: Exception):
    """A value the database cannot hold (a number beyond its column's range): the caller's
    input, so a 422, never a 500."""
    log.info("input out of range", error=type(getattr(exc, "orig", None) or exc).__name__)
    return error_response(422, "out_of_range", OUT_OF_RANGE)


def _is_connection_error(exc: DBAPIError) -> bool:
    return exc.connection_invalidated or isinstance(exc, OperationalError)


def handle_database_error(exc: DBAPIError):
    if isinstance(exc, DataError):
        return handle_out_of_range(exc)
    if _is_connection_error(exc):
        return handle_database_unavailable(exc)
    return handle_unexpected(exc)


def handle_unexpected(exc: Exception):
    log.exception("unhandled error", error=repr(exc))
    code, message = DEFAULT_MESSAGES[500]
    return error_response(500, code, message)


def register_error_handlers(app: Flask, error_table: ErrorTable | None = None) -> None:
    """JSON for every error; ``error_table`` maps a service's domain exceptions to (status, code)."""
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(ApiError, handle_api_error)
    for exc_type, (status, code) in (error_table or {}).items():

        def handle(exc: Exception, status: int = status, code: str = code):
            errors = getattr(exc, "errors", None)
            return error_response(status, code, str(exc), errors)

        app.register_error_handler(exc_type, handle)
    app.register_error_handler(DBAPIError, handle_database_error)
    app.register_error_handler(PoolTimeout, handle_database_unavailable)
    app.register_error_handler(OverflowError, handle_out_of_range)  # SQLite: int beyond 64 bits
    app.register_error_handler(Exception, handle_unexpected)
