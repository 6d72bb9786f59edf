"""Every kind of response of every service carries the security headers: JSON, an error, the API
docs page and the service's own HTML pages get a Content-Security-Policy (no scripts but the
docs page's own files), no framing, no sniffing and no referrer; over HTTPS also HSTS."""

import uuid

import pytest

from dialog_platform.config import SERVICES

#: Pages that are HTML, per service (public; an unknown token still answers with a page).
PAGES = {
    "registrations": [f"/events/{uuid.uuid4()}", "/registrations/cancel/not-a-token"],
    "notifications": ["/api/v1/reminders/stop/not-a-token"],
}


def _responses(client, service):
    yield "json", client.get("/healthz")
    yield "error", client.get("/no/such/page")
    yield "docs", client.get("/docs")
    yield "spec", client.get("/openapi.json")
    for path in PAGES.get(service, []):
        yield f"page {path}", client.get(path)


@pytest.mark.parametrize("service", SERVICES)
def test_every_kind_of_response_carries_the_headers(platform_apps, service):
    client = platform_apps[service].test_client()
    for kind, response in _responses(client, service):
        headers = response.headers
        policy = headers.get("Content-Security-Policy", "")
        assert "frame-ancestors 'none'" in policy and "default-src 'none'" in policy, kind
        assert headers["X-Content-Type-Options"] == "nosniff", kind
        assert headers["X-Frame-Options"] == "DENY", kind
        assert headers["Referrer-Policy"] == "no-referrer", kind
        assert "Strict-Transport-Security" not in headers, kind  # plain HTTP: no HSTS
        if kind == "docs":
            assert "script-src 'self'" in policy
            assert "<script>" not in response.get_data(as_text=True)  # no inline script
        else:
            assert "script-src" not in policy, kind  # default-src 'none': no script at all
        if kind.startswith("page"):
            assert response.mimetype == "text/html", kind


def test_https_responses_ask_for_https_from_then_on(platform_apps):
    client = platform_apps["events"].test_client()
    answer = client.get("/healthz", base_url="https://dialog.example.org")
    assert answer.headers["Strict-Transport-Security"].startswith("max-age=31536000")
