"""Walking every route of a service's OpenAPI document the way a careless client and an
attacker do: without a token, with a forged or expired one, with the wrong role, then with the
right role and input no form would send (a body that is not JSON, JSON of the wrong type,
``null`` and huge or negative values in every field, malformed ids in the address, malformed
query parameters). What it collects is what must never happen: a 5xx, an error without a
sentence, a staff route answering without a token, a refused change that changed the database.

``walk(app, client, ids)`` returns the findings as lines (empty: nothing broke); ``ids`` names
existing ids for the address's parameters (``{"event_id": ...}``), the others are unknown
ones. Deterministic: the same document gives the same requests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from sqlalchemy import inspect, text

from ..tokens import ROLES, mint_token
from .plugin import TEST_JWT_SECRET

METHODS = ("get", "post", "put", "patch", "delete")
CHANGING = frozenset({"post", "put", "patch", "delete"})
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
#: What goes into the address where an id belongs.
BAD_IDS = ("not-a-uuid", "0", "-1", "x" * 2000, "%25", "..")
#: What goes into each query parameter.
BAD_QUERY = ("-1", "0", str(10**9), str(10**30), "abc", "", "2031-02-30", "x" * 3000, "1.5")
#: What goes into each field of a body.
BAD_VALUES: tuple[Any, ...] = (
    None,
    [],
    {},
    "",
    "x" * 100_000,
    ["x"] * 5000,
    -1,
    0,
    10**30,
    -(10**30),
    1.5,
    True,
    "not-a-date",
    "2031-02-30T25:61:00+01:00",
    "2031-03-06T18:00:00+99:00",
    "2031-03-06T18:00:00",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01",
    UNKNOWN_ID,
    "not-a-uuid",
    "a\ud800b",
    [None],
    [{}],
)
#: Whole bodies that are not an object of the schema.
BAD_BODIES: tuple[Any, ...] = ([], None, "text", 7, [{}])


def _token(roles, **changes) -> dict[str, str]:
    secret = changes.pop("secret", TEST_JWT_SECRET)
    return {"Authorization": f"Bearer {mint_token(secret, 'walker', roles, **changes)}"}


def _roles_of(operation: dict) -> frozenset[str] | None:
    if not operation.get("security"):
        return None
    match = re.search(r"one of the roles: ([a-z, ]+)", operation.get("description", ""))
    return frozenset(match.group(1).replace(" ", "").split(",")) if match else ROLES


def _resolve(spec: dict, schema: dict | None) -> dict:
    while schema and "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema or {}


def _plausible(spec: dict, schema: dict, ids: dict[str, str], name: str = "") -> Any:
    """A value a form could send for ``schema`` (valid or near it): the baseline mutated."""
    schema = _resolve(spec, schema)
    if "enum" in schema:
        return schema["enum"][0]
    kind, fmt = schema.get("type"), schema.get("format")
    if kind == "object" or "properties" in schema:
        return {
            key: _plausible(spec, sub, ids, key)
            for key, sub in schema.get("properties", {}).items()
            if not sub.get("readOnly")
        }
    if kind == "array":
        return [_plausible(spec, schema.get("items", {}), ids, name)]
    if kind == "integer":
        return max(1, schema.get("minimum", 1))
    if kind == "number":
        return 1.0
    if kind == "boolean":
        return True
    if fmt == "date-time":
        return "2031-03-06T20:00:00+01:00" if "end" in name else "2031-03-06T18:00:00+01:00"
    if fmt == "date":
        return "2031-03-06"
    if fmt == "uuid":
        return ids.get(name, UNKNOWN_ID)
    if "phone" in name:
        return "+4915112345678"
    if fmt == "email" or "email" in name:
        return "walker@example.org"
    return "Walk"


def _fields(body: dict) -> Iterator[tuple[str, Any]]:
    """Each field of ``body`` to vary, with the body that holds a given value there instead: its
    own fields, those of an object in it, and those of the first object of a list in it."""
    for key, value in body.items():
        yield key, lambda bad, key=key: body | {key: bad}
        if isinstance(value, dict):
            for sub in value:
                yield (
                    f"{key}.{sub}",
                    lambda bad, key=key, sub=sub: body | {key: body[key] | {sub: bad}},
                )
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for sub in value[0]:
                yield (
                    f"{key}[].{sub}",
                    lambda bad, key=key, sub=sub: body | {key: [body[key][0] | {sub: bad}]},
                )


def _fingerprint(db) -> dict[str, int]:
    """Every table's rows, hashed: what a refused change must leave as it was."""
    with db.engine.connect() as connection:
        tables = inspect(connection).get_table_names()
        return {
            table: connection.execute(
                text(
                    f"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"
                )
            ).scalar()
            for table in tables
        }


class Walk:
    def __init__(self, app, client, ids, role=None, bodies=None) -> None:
        self.app, self.client, self.ids, self.role = app, client, ids, role
        self.spec = client.get("/openapi.json").json
        self.findings: list[str] = []
        self.succeeded: list[str] = []
        self.bodies = bodies or {}
        self.db = app.extensions["dialog_db"]

    def operations(self) -> Iterator[tuple[str, str, dict]]:
        for path, item in sorted(self.spec["paths"].items()):
            for method in METHODS:
                if method in item:
                    yield path, method, item[method]

    def url(self, path: str, bad: str | None = None, which: str | None = None) -> str:
        def fill(match):
            name = match.group(1)
            if bad is not None and name == which:
                return bad
            return self.ids.get(name, UNKNOWN_ID if "id" in name else "de")

        return re.sub(r"\{(\w+)\}", fill, path)

    def send(self, method, url, what, headers, **kwargs):
        answer = self.client.open(url, method=method.upper(), headers=headers, **kwargs)
        where = f"{method.upper()} {url[:120]} ({what})"
        if answer.status_code >= 500:
            self.findings.append(f"{where}: {answer.status_code} {answer.get_data(True)[:200]}")
        elif answer.status_code >= 400:
            body = answer.get_json(silent=True) or {}
            message = body.get("message") if isinstance(body, dict) else None
            if answer.mimetype == "text/html":  # a public page: its text is the sentence
                message = answer.get_data(True)
            if not isinstance(message, str) or " " not in message:
                self.findings.append(f"{where}: {answer.status_code} without a sentence")
        else:
            self.succeeded.append(where)
        return answer

    def walk_auth(self, path, method, operation) -> None:
        roles = _roles_of(operation)
        url = self.url(path)
        if roles is None:
            return
        for what, headers in (
            ("no token", {}),
            ("not bearer", {"Authorization": "Basic d2Fsa2VyOng="}),
            ("garbage token", {"Authorization": "Bearer not.a.token"}),
            ("wrong key", _token(["admin"], secret="another-key-that-is-long-enough-for-hs256")),
            ("expired", _token(["admin"], expires_in=timedelta(seconds=-60))),
        ):
            answer = self.send(method, url, what, headers, json={})
            if answer.status_code != 401:
                self.findings.append(f"{method.upper()} {path} ({what}): {answer.status_code}")
        for role in sorted(ROLES - roles):
            answer = self.send(method, url, f"role {role}", _token([role]), json={})
            if answer.status_code != 403:
                self.findings.append(f"{method.upper()} {path} (role {role}): {answer.status_code}")

    def walk_input(self, path, method, operation) -> None:
        roles = _roles_of(operation)
        headers = {} if roles is None else _token([self.role or sorted(roles)[0]])
        body_schema = (
            operation.get("requestBody", {}).get("content", {}).get("application/json", {})
        ).get("schema")
        baseline = self.bodies.get(f"{method.upper()} {path}")
        if baseline is None and body_schema:
            baseline = _plausible(self.spec, body_schema, self.ids)
        if body_schema:
            self.send(method, self.url(path), "as a form would send it", headers, json=baseline)
        for name in re.findall(r"\{(\w+)\}", path):
            for bad in BAD_IDS:
                self.send(
                    method, self.url(path, bad, name), f"{name}={bad[:10]}", headers, json=baseline
                )
        url = self.url(path)
        for parameter in operation.get("parameters", []):
            if parameter.get("in") != "query":
                continue
            for bad in BAD_QUERY:
                self.send(
                    method,
                    url,
                    f"?{parameter['name']}={bad[:10]}",
                    headers,
                    query_string={parameter["name"]: bad},
                )
            self.send(
                method,
                url,
                f"?{parameter['name']} twice",
                headers,
                query_string=[(parameter["name"], "1"), (parameter["name"], "2")],
            )
        self.send(
            method,
            url,
            "?unknown",
            headers,
            query_string={"walker": "1", "page": "-1", "limit": str(10**9)},
        )
        if body_schema is None:
            return
        self.send(
            method,
            url,
            "not JSON",
            headers,
            data="{not json",
            content_type="application/json",
        )
        for what, content_type in (
            ("a form", "application/x-www-form-urlencoded"),
            ("text", "text/plain"),
        ):
            answer = self.send(method, url, what, headers, data="a=b", content_type=content_type)
            if answer.status_code != 415:
                self.findings.append(f"{method.upper()} {path} ({what}): {answer.status_code}")
        self.send(method, url, "no body", headers)
        for bad in BAD_BODIES:
            self.send(method, url, f"body {bad!r}", headers, json=bad)
        if isinstance(baseline, dict):
            self.send(
                method,
                url,
                "unknown field",
                headers,
                json=baseline | {"walker_unknown": 1},
            )
            self.send(method, url, "all null", headers, json={key: None for key in baseline})
            for field, body_with in _fields(baseline):
                for bad in BAD_VALUES:
                    what = f"{field}={str(bad)[:20]}"
                    self.send(method, url, what, headers, json=body_with(bad))


def walk(
    app,
    client,
    ids: dict[str, str] | None = None,
    role: str | None = None,
    bodies: dict[str, Any] | None = None,
) -> list[str]:
    """Every operation of ``app``'s document, walked with ``client``; the findings, one line
    each. ``ids``: existing ids by the address's parameter names; ``role``: the role the right
    caller holds (else the first the route admits); ``bodies``: a valid body by operation
    (``"POST /api/v1/events"``) to vary field by field, else one made from the schema. A
    changing route that refused everything must leave every table as it was."""
    walker = Walk(app, client, ids or {}, role, bodies)
    for path, method, operation in walker.operations():
        before = _fingerprint(walker.db)
        walker.succeeded = []
        walker.walk_auth(path, method, operation)
        walker.walk_input(path, method, operation)
        if method in CHANGING:
            after = _fingerprint(walker.db)
            changed = sorted(t for t in after if after[t] != before.get(t))
            if changed and not walker.succeeded:
                walker.findings.append(f"{method.upper()} {path}: refused, changed {changed}")
    return walker.findings
