"""What the delivery log keeps of a provider's answer: no address in any case, no number in
any format (the recipient's own one found with or without its country code), the rest as it
was; and no stop-reminders token in a log line."""

from __future__ import annotations

import secrets

import pytest

from dialog_notifications.domain.redaction import without_contact
from dialog_platform.logging import redact

PHONE = "+4915112345678"


@pytest.mark.parametrize(
    ("answer", "kept"),
    [
        (
            "550 5.1.1 <Zeynep.Kaya@Example.ORG>: Recipient address rejected: User unknown",
            "550 5.1.1 <[address]>: Recipient address rejected: User unknown",
        ),
        (
            "400 21211: The 'To' number +49123 is not a valid phone number.",
            "400 21211: The 'To' number [number] is not a valid phone number.",
        ),
        ("to +49 (151) 1234-5678", "to [number]"),
        ("to 0049 151 12345678", "to [number]"),
        ("to 0151/12345678", "to [number]"),
        ("to 15112345678 at once", "to [number] at once"),
        ("503 20500: Service Unavailable", "503 20500: Service Unavailable"),
        ("250 accepted by 127.0.0.1:2525", "250 accepted by 127.0.0.1:2525"),
        ("queued SM0123456789abcdef", "queued SM0123456789abcdef"),
        ("due 2027-03-20T17:00:00+00:00", "due 2027-03-20T17:00:00+00:00"),
    ],
)
def test_answers_keep_no_address_or_number(answer, kept):
    assert without_contact(answer, PHONE) == kept


def test_nothing_stays_nothing():
    assert without_contact(None, PHONE) is None
    assert without_contact("", None) == ""


def test_the_stop_link_token_never_reaches_a_log_line():
    token = secrets.token_urlsafe(24)
    line = redact(
        f"POST /api/v1/reminders/stop/{token} 200; GET http://n.test/api/v1/reminders/stop/{token}"
    )
    assert token not in line and line.count("[redacted]") == 2
