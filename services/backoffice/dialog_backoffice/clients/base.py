"""Calling a service's staff API with the signed-in person's token.

Every call either returns the decoded JSON or raises one of the exceptions below, which the
pages turn into a sentence (web/errors.py): a service that does not answer is ``Unavailable``
(that part of the page says so, the rest keeps working), a refusal carries the service's own
sentence and, for invalid input, the fields it names."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests


class ApiError(Exception):
    """A service's answer that is not a success."""

    def __init__(
        self,
        service: str,
        status: int,
        message: str,
        errors: dict | None = None,
        code: str = "",
    ):
        super().__init__(f"{service}: {status} {code} {message}")
        self.service = service
        self.status = status
        #: The service's stable word for what went wrong (e.g. ``transition_refused``).
        self.code = code
        #: The service's own sentence (English), shown as detail.
        self.message = message
        #: Field name -> list of sentences (422).
        self.errors = errors or {}


class Unavailable(ApiError):
    """The service did not answer, timed out, or answered 5xx."""


class SignInExpired(ApiError):
    """401: the token was refused; the person must sign in again."""


class Refused(ApiError):
    """403: the person's roles or assignments do not allow this."""


class NotFound(ApiError):
    """404."""


class Conflict(ApiError):
    """409: the state changed or does not allow this now."""


class Invalid(ApiError):
    """400 or 422: the input was refused, with ``errors`` per field."""


_BY_STATUS: dict[int, type[ApiError]] = {
    400: Invalid,
    401: SignInExpired,
    403: Refused,
    404: NotFound,
    409: Conflict,
    422: Invalid,
}


def _flatten(errors: Any) -> dict[str, list[str]]:
    """flask-smorest's ``{"json": {"field": ["..."]}}`` (or nested deeper) as field -> sentences."""
    flat: dict[str, list[str]] = {}

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                inner = path if key in ("json", "query", "form") else f"{path}.{key}".strip(".")
                walk(value, inner)
        elif isinstance(node, list) and all(isinstance(item, str) for item in node):
            flat.setdefault(path or "_schema", []).extend(node)
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, f"{path}.{index}")
        else:
            flat.setdefault(path or "_schema", []).append(str(node))

    walk(errors, "")
    return flat


class ServiceClient:
    """The HTTP side of one service: ``base_url``, a timeout, and the token of the person."""

    service = ""

    def __init__(self, base_url: str, timeout: float, token: Callable[[], str]) -> None:
        self.base_url = base_url
        self.timeout = timeout
        self.token = token

    def call(self, method: str, path: str, json: Any = None, params: dict | None = None) -> Any:
        response = self.raw(method, path, json=json, params=params)
        return response.json() if response.content else None

    def raw(
        self, method: str, path: str, json: Any = None, params: dict | None = None
    ) -> requests.Response:
        """The service's answer when it is a success (2xx), else the matching ``ApiError``."""
        params = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        try:
            response = requests.request(
                method,
                f"{self.base_url}{path}",
                json=json,
                params=params,
                headers={"Authorization": f"Bearer {self.token()}"},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise Unavailable(self.service, 503, type(exc).__name__) from None
        if response.ok:
            return response
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        message = str(body.get("message") or response.reason or "")
        code = str(body.get("code") or "")
        if response.status_code >= 500:
            raise Unavailable(self.service, response.status_code, message, code=code)
        kind = _BY_STATUS.get(response.status_code, Invalid)
        errors = _flatten(body.get("errors"))
        raise kind(self.service, response.status_code, message, errors, code=code)


class Records:
    """One kind of record of a service's API under ``path``, as an attribute of its client:
    the list (with filters), one by its id, a new one, changes to one, and a step of one
    (``POST <path>/<id>/<step>``, with its details)."""

    def __init__(self, path: str, client: ServiceClient | None = None) -> None:
        self.path = path
        self.client = client

    def __get__(self, client: ServiceClient | None, owner: type | None = None) -> Records:
        return self if client is None else Records(self.path, client)

    def _call(self, method: str, below: str = "", **sent: Any) -> Any:
        assert self.client is not None, "records are read from a client"
        return self.client.call(method, f"{self.path}{below}", **sent)

    def listed(self, **filters: Any) -> list[dict]:
        return self._call("GET", params=filters)

    def one(self, record_id: str) -> dict:
        return self._call("GET", f"/{record_id}")

    def add(self, fields: dict[str, Any]) -> dict:
        return self._call("POST", json=fields)

    def change(self, record_id: str, changes: dict[str, Any]) -> dict:
        return self._call("PATCH", f"/{record_id}", json=changes)

    def step(self, record_id: str, step: str, details: dict[str, Any] | None = None) -> dict:
        return self._call("POST", f"/{record_id}/{step}", json=details)
