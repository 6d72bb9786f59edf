"""What every service's OpenAPI document says about errors and authentication, written once.

``ErrorSchema`` is the body ``errors.error_response`` sends. ``ErrorResponsesPlugin`` adds to
each operation, as the view is registered, the error answers the platform gives on every such
route (so a route added tomorrow is documented truthfully without a line of its own):

- 400 everywhere (the input guard refuses a NUL character in the path, query or body);
- 401 and 403 where a staff token is needed, with the roles; ``security`` per route from the
  same marks (``@public``, ``@roles_required``) the request check reads;
- 404 where the path holds an id or a token;
- 409 on routes that change something, when the service's error table has a 409;
- 413, 415 and 422 where a body is read, 422 where the query is read;
- 429 and 503 (with ``Retry-After``) everywhere.

A view that documents one of these itself (``@blp.alt_response``) keeps its own.
"""

from __future__ import annotations

import http
from collections.abc import Iterable

import marshmallow as ma
from apispec import BasePlugin
from flask import Flask
from flask_smorest import Api

from ..auth import allowed_roles_of

#: Methods that change something: the ones a state conflict (409) can refuse.
CHANGING = frozenset({"post", "put", "patch", "delete"})

RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 0},
    }
}

#: status -> (component name, description, headers) of each error answer.
ERROR_RESPONSES = {
    400: ("BadRequest", "The request could not be read (a NUL character, nesting too deep).", {}),
    401: (
        "Unauthenticated",
        "No staff token, or one that is forged or expired.",
        {"WWW-Authenticate": {"schema": {"type": "string"}}},
    ),
    403: ("Forbidden", "The staff token does not hold a role this route admits.", {}),
    404: ("NotFound", "Nothing is known under the id or token in the address.", {}),
    409: ("Conflict", "Refused in the current state of what it would change.", {}),
    413: ("TooLarge", "The body is larger than the service accepts.", {}),
    415: ("UnsupportedMediaType", "The body is not JSON.", {}),
    422: ("InvalidInput", "Input that breaks a rule; ``errors`` names the fields.", {}),
    429: (
        "TooManyRequests",
        "Too many requests from this client; wait and try again.",
        RETRY_AFTER,
    ),
    503: ("Unavailable", "A dependency (database, broker) is unreachable.", RETRY_AFTER),
}


class ErrorSchema(ma.Schema):
    """The body of every 4xx and 5xx answer."""

    code = ma.fields.String(
        required=True, metadata={"description": "A stable word for the kind of error."}
    )
    status = ma.fields.Integer(required=True, metadata={"description": "The HTTP status."})
    message = ma.fields.String(
        required=True, metadata={"description": "A plain sentence for the person reading it."}
    )
    errors = ma.fields.Dict(
        required=True,
        metadata={
            "description": "Per-field messages (field name -> sentences) where input was refused."
        },
    )


class DialogApi(Api):
    """flask-smorest's Api with the platform's error body and no catch-all ``default``: each
    operation lists exactly the statuses it can answer."""

    ERROR_SCHEMA = ErrorSchema
    DEFAULT_ERROR_RESPONSE_NAME = None


def statuses_of(
    method: str,
    operation: dict,
    path_arguments: Iterable[str],
    protected: bool,
    conflicts: bool,
) -> list[int]:
    """The error statuses the platform can answer for one operation."""
    statuses = [400, 429, 503]
    if protected:
        statuses += [401, 403]
    if any(True for _ in path_arguments):
        statuses.append(404)
    if conflicts and method in CHANGING:
        statuses.append(409)
    if "requestBody" in operation or any(
        _in(p) == "query" for p in operation.get("parameters", [])
    ):
        statuses.append(422)
    if "requestBody" in operation:
        statuses += [413, 415]
    return sorted(statuses)


def _in(parameter) -> str | None:
    return parameter.get("in") if isinstance(parameter, dict) else None


def _own(responses: dict) -> dict[str, object]:
    """The view's responses keyed by status text, without flask-smorest's generic error
    references (a bare ``HTTPStatus``), which the platform's own replace."""
    own = {}
    for key, value in responses.items():
        if isinstance(value, http.HTTPStatus) or value == _generic(key):
            continue
        own[str(int(key)) if str(key).isdigit() or isinstance(key, int) else str(key)] = value
    return own


def _generic(key) -> str | None:
    try:
        return http.HTTPStatus(int(key)).name
    except ValueError:
        return None


class ErrorResponsesPlugin(BasePlugin):
    """Documents the platform's error answers and security on every operation of ``app``."""

    def __init__(self, app: Flask, error_statuses: Iterable[int]) -> None:
        self.app = app
        self.conflicts = 409 in set(error_statuses)

    def init_spec(self, spec) -> None:
        super().init_spec(spec)
        for name, description, headers in ERROR_RESPONSES.values():
            response = {
                "description": description,
                "content": {"application/json": {"schema": ErrorSchema}},
            }
            if headers:
                response["headers"] = headers
            spec.components.response(name, response, lazy=True)

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        rule = kwargs.get("rule")
        if rule is None or not operations:
            return
        for method, operation in operations.items():
            roles = allowed_roles_of(self.app, rule.endpoint, method.upper())
            if roles is None:
                operation["security"] = []
            else:
                operation["security"] = [{"staffToken": []}]
                needs = f"Needs a staff token with one of the roles: {', '.join(sorted(roles))}."
                operation["description"] = " ".join(
                    part for part in (operation.get("description"), needs) if part
                )
            responses = _own(operation.get("responses", {}))
            for status in statuses_of(
                method, operation, rule.arguments, roles is not None, self.conflicts
            ):
                responses.setdefault(str(status), ERROR_RESPONSES[status][0])
            operation["responses"] = responses
