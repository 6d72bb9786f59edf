"""No link token is ever logged: after a sign-up, a confirmation and a cancellation through the
web pages and through the JSON API, no line the service logged (as rendered, and no record of
the standard library's loggers) holds a token of any link it made."""

from __future__ import annotations

import logging

import pytest
import structlog

from ..conftest import click_link


@pytest.fixture
def log_lines(registrations_app):
    """Every log line the service renders while the test runs (the app has set up logging)."""
    processors = structlog.get_config()["processors"]  # the list the cached loggers share
    lines: list[str] = []

    def keep(_logger, _method, rendered):
        lines.append(str(rendered))
        return rendered

    processors.append(keep)
    yield lines
    processors.remove(keep)


def _tokens(messages) -> set[str]:
    urls = [
        url
        for message in messages
        for url in (
            (message["data"].get("links") or {}).get("confirm_url"),
            (message["data"].get("links") or {}).get("cancel_url"),
        )
        if url
    ]
    return {url.rsplit("/", 1)[1] for url in urls}


def test_no_link_token_in_the_logs(
    registrations_app, published_event, sent_messages, log_lines, caplog
):
    caplog.set_level(logging.DEBUG)
    event_id = published_event(requires_email_confirmation=True)
    client = registrations_app.test_client()

    page = client.get(f"/events/{event_id}?lang=en").get_data(as_text=True)
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    form = {"csrf_token": token, "name": "Web", "email": "web@example.org", "consent": "true"}
    assert client.post(f"/events/{event_id}?lang=en", data=form).status_code == 200
    (created,) = sent_messages("registrations.registration.created")
    links = created["data"]["links"]
    assert click_link(client, links["confirm_url"]).status_code == 200
    assert click_link(client, links["cancel_url"]).status_code == 200

    api = f"/api/v1/public/events/{event_id}/registrations"
    client.post(api, json={"name": "Api", "email": "api@example.org", "consent": True})
    links = sent_messages("registrations.registration.created")[1]["data"]["links"]
    for action in ("confirm", "cancel"):
        answer = client.post(
            f"/api/v1/public/registrations/{action}",
            json={"token": links[f"{action}_url"].rsplit("/", 1)[1]},
        )
        assert answer.status_code == 200, answer.json

    tokens = _tokens(sent_messages())
    assert len(tokens) >= 4
    assert any("/registrations/confirm/[redacted]" in line for line in log_lines)
    logged = [*log_lines, *(record.getMessage() for record in caplog.records)]
    assert [line for line in logged if any(token in line for token in tokens)] == []
