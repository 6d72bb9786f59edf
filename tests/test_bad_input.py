"""Input that could break a service is refused with a 4xx and a sentence on every route that
takes input, the routes read from each service's own OpenAPI document (not a hand list): a NUL
character in a query parameter, in the JSON body or in the path; JSON nested thousands of
levels deep; numbers far beyond any column's range in query parameters and body fields; a lone
surrogate in a JSON string and a JSON number of thousands of digits (valid JSON, but no text
and no int Python makes of it)."""

import uuid

import pytest

from dialog_platform.auth import ROLES
from dialog_platform.config import SERVICES

HUGE = 10**30
DEEP = "[" * 5000 + "]" * 5000
LONG_NUMBER = "1" * 5000


def _path(template: str, parameters: list[dict], value: str | None = None) -> str:
    for parameter in parameters:
        if parameter["in"] == "path":
            schema = parameter.get("schema", {})
            filler = str(uuid.uuid4()) if schema.get("format") == "uuid" else "x"
            template = template.replace("{" + parameter["name"] + "}", value or filler)
    return template


def _operations(app):
    spec = app.test_client().get("/openapi.json").json
    for template, item in spec["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                parameters = operation.get("parameters", []) + item.get("parameters", [])
                yield method.upper(), template, parameters, operation, spec


def _json_properties(operation, spec) -> dict:
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema.get("properties", {})


def _refused(answer, what: str) -> None:
    assert 400 <= answer.status_code < 500, (
        f"{what}: {answer.status_code} {answer.get_data()[:300]}"
    )
    body = answer.get_json(silent=True)
    if body is not None and answer.mimetype == "application/json":
        assert set(body) >= {"code", "status", "message"}, what
        assert body["message"].endswith((".", "?", "!")), what


def _string_path_parameter(parameters: list[dict]) -> bool:
    return any(
        p["in"] == "path" and p.get("schema", {}).get("format") != "uuid" for p in parameters
    )


@pytest.mark.parametrize("service", SERVICES)
def test_every_route_refuses_input_that_could_break_it(platform_apps, staff_headers, service):
    app = platform_apps[service]
    client = app.test_client()
    headers = staff_headers(*sorted(ROLES), subject="walker")
    checked = 0
    for method, template, parameters, operation, spec in _operations(app):
        path = _path(template, parameters)
        where = f"{service} {method} {template}"

        def call(target: str = path, method: str = method, **options):
            return client.open(target, method=method, headers=headers, **options)

        for parameter in (p for p in parameters if p["in"] == "query"):
            name = parameter["name"]
            _refused(call(query_string={name: "a\x00b"}), f"{where} ?{name} with NUL")
            if parameter.get("schema", {}).get("type") == "integer":
                _refused(call(query_string={name: str(HUGE)}), f"{where} ?{name}={HUGE}")
        if _string_path_parameter(parameters):
            _refused(call(_path(template, parameters, "a%00b")), f"{where} NUL in the path")
        if method in ("POST", "PUT", "PATCH"):
            properties = _json_properties(operation, spec)
            strings = [n for n, p in properties.items() if p.get("type") == "string"]
            body = {name: "a\x00b" for name in strings} or {"anything": "a\x00b"}
            _refused(call(json=body), f"{where} NUL in the body")
            deep = call(data=DEEP, content_type="application/json")
            _refused(deep, f"{where} deeply nested body")
            surrogate = "{" + ", ".join(f'"{name}": "a\\ud800b"' for name in strings) + "}"
            _refused(
                call(
                    data=surrogate if strings else '{"a\\ud800": 1}',
                    content_type="application/json",
                ),
                f"{where} a lone surrogate in the body",
            )
            long_number = call(data=f'{{"n": {LONG_NUMBER}}}', content_type="application/json")
            _refused(long_number, f"{where} a number of {len(LONG_NUMBER)} digits")
            for name, prop in properties.items():
                if prop.get("type") == "integer":
                    _refused(call(json={name: HUGE}), f"{where} {name}={HUGE}")
        checked += 1
    assert checked >= 3, f"{service}: the walk found no routes"
