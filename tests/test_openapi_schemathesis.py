"""Each service's OpenAPI document says exactly what the service does: schemathesis generates
requests from the document, valid ones and invalid ones, a bounded number per operation from a
fixed seed, and sends them to the app in-process, on its own migrated PostgreSQL database, once
without a token and once with a staff token holding every role. Every default check must pass
on every operation: no 5xx, only documented statuses, content types, headers and bodies, valid
input accepted, invalid input refused, a token that is not ignored, 405 with ``Allow``..."""

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from dialog_platform.auth import ROLES, allowed_roles_of
from dialog_platform.config import SERVICES

#: Requests per operation and generation mode (valid, invalid).
EXAMPLES = 4
SEED = 20261201

#: Operations whose valid-looking input can still be refused, by a rule their document states in
#: words but JSON Schema cannot express (across fields, a real phone number, a signed link, ...):
#: for these a valid request may also be answered 400 (link) or 422 (rule); nothing else is
#: loosened, every other check runs as everywhere.
RULES_IN_WORDS = {
    ("POST", "/api/v1/events"): "ends_at after starts_at, the registration window before it",
    ("PATCH", "/api/v1/events/{event_id}"): "the same rules, with the stored fields",
    ("POST", "/api/v1/round-tables/{round_table_id}/meetings"): "a meeting is an event",
    ("POST", "/api/v1/organisations"): "a contact person's phone is a real number",
    ("PATCH", "/api/v1/organisations/{organisation_id}"): "the same",
    ("POST", "/api/v1/public/events/{event_id}/registrations"): "a real phone number",
    ("POST", "/api/v1/events/{event_id}/registrations"): "a real phone number",
    ("POST", "/api/v1/public/registrations/confirm"): "a token signed by the service",
    ("POST", "/api/v1/public/registrations/cancel"): "a token signed by the service",
    ("POST", "/api/v1/privacy/erasures"): "an email address or a phone number",
    ("POST", "/api/v1/privacy/exports"): "an email address or a phone number",
    ("GET", "/api/v1/deliveries"): "an event_id, a recipient_id or a status",
    ("POST", "/api/v1/cases/{case_id}/parties"): "a real phone number",
    ("POST", "/api/v1/cases/{case_id}/sessions"): "ends_at after starts_at",
    ("PUT", "/api/v1/cases/{case_id}/sessions/{session_id}"): "ends_at after starts_at",
}
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]  # schemathesis' default


def _config() -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "cache": {"enabled": False},  # no state carried from one run to the next
            "generation": {
                "database": "none",
                # The document's 400 says it: no string may hold a NUL (tests/test_bad_input.py).
                "allow-x00": False,
                # Query parameters the document does not name are ignored, not refused.
                "allow-extra-parameters": False,
            },
            "operations": [
                {
                    "include-method": method,
                    "include-path": path,
                    "checks": {
                        "positive_data_acceptance": {"expected-statuses": [*ACCEPTED, 400, 422]}
                    },
                }
                for method, path in RULES_IN_WORDS
            ],
        }
    )


def _failures(operation, mode: GenerationMode, headers: dict[str, str]) -> list[str]:
    """What schemathesis found wrong on one operation: empty when every check passed."""

    @seed(SEED)
    @settings(
        max_examples=EXAMPLES,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def check(case):
        case.call_and_validate(headers=headers)

    try:
        check()
    except Unsatisfiable:
        return []  # nothing invalid can be sent there (a path of any string)
    except (Exception, BaseExceptionGroup) as failure:  # schemathesis' FailureGroup, or else
        return [f"{operation.label} ({mode.value}): {failure}"]
    return []


@pytest.mark.parametrize("caller", ["anonymous", "staff"])
@pytest.mark.parametrize("service", SERVICES)
def test_the_document_tells_what_the_service_does(service_app, staff_headers, service, caller):
    app = service_app(service)
    headers = staff_headers(*sorted(ROLES), subject="schemathesis") if caller == "staff" else {}
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app, config=_config())
    failures, checked = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failures += _failures(operation, mode, headers)
        checked += 1
    assert checked >= 4, f"{service}: the document lists no operations"
    assert not failures, "\n\n".join(failures)


def _openapi_path(rule) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_documents_its_security_and_the_platforms_errors(service_app, service):
    """What the shared step writes on every route, present and true on each service's routes
    (those added later included): security as the request check decides it, 401/403 exactly
    where a token is needed, 400/429/503 everywhere, the Error body as it is sent."""
    app = service_app(service)
    spec = app.test_client().get("/openapi.json").json
    error = spec["components"]["schemas"]["Error"]
    assert error["properties"]["code"]["type"] == "string"
    assert error["properties"]["status"]["type"] == "integer"
    assert set(error["required"]) == {"code", "status", "message", "errors"}
    documented = 0
    for rule in app.url_map.iter_rules():
        item = spec["paths"].get(_openapi_path(rule))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            operation = (item or {}).get(method.lower())
            if operation is None:
                continue  # infrastructure and web pages are not in the API document
            where = f"{service} {method} {rule.rule}"
            protected = allowed_roles_of(app, rule.endpoint, method) is not None
            assert operation["security"] == ([{"staffToken": []}] if protected else []), where
            statuses = set(operation["responses"])
            assert {"400", "429", "503"} <= statuses, where
            assert ({"401", "403"} <= statuses) == protected, where
            assert "default" not in statuses, where
            if rule.arguments:
                assert "404" in statuses, where
            documented += 1
    assert documented >= 4, f"{service}: no operation of the document matched a route"
