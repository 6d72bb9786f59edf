"""The SMTP channel's faster writing of a mail (``WIRE``) gives exactly the bytes the email
package's compat32 policy gives, for every kind of message in every language."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime
from email.generator import BytesGenerator
from email.policy import compat32

import pytest

from dialog_notifications.channels.email import on_the_wire
from dialog_notifications.composition import calendar_file, compose_email
from dialog_notifications.rendering import KINDS, render

STARTS = datetime(2027, 3, 2, 17, 30, tzinfo=UTC)
VALUES = {
    "name": "Zeynep Öztürk-Schmidt",
    "title": "Interreligiöser Gesprächsabend über Frieden und Verständigung im ganzen Bezirk",
    "starts_at": STARTS,
    "old_starts_at": datetime(2027, 3, 1, 17, 30, tzinfo=UTC),
    "place": "Gemeindehaus, Hauptstraße 1, 10115 Berlin",
    "old_place": "Rathaus",
    "position": 3,
    "reason": "Der Raum ist nicht verfügbar.",
    "cancelled_by": "staff",
    "organisation_name": "Verein",
    "round_table_name": "Runder Tisch",
    "case_reference": "M-2027-001",
    "confirm_url": "https://registrations.example.org/confirm/tok-1",
    "cancel_url": "https://registrations.example.org/cancel/tok-1",
    "accept_url": "https://registrations.example.org/accept/tok-1",
    "decline_url": "https://registrations.example.org/decline/tok-1",
    "stop_url": "https://notifications.example.org/api/v1/reminders/stop/abc",
}


def _bytes(message, policy=None) -> bytes:
    out = io.BytesIO()
    BytesGenerator(out, policy=policy).flatten(message, linesep="\r\n")
    return out.getvalue()


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar"])
@pytest.mark.parametrize("kind", KINDS)
def test_the_wire_form_is_what_compat32_writes(kind, language):
    rendered = render(kind, language, VALUES, sms=False)
    ics = calendar_file("e-1", "Abend", STARTS, STARTS, "Gemeindehaus", STARTS)
    message = compose_email(
        rendered,
        to="zeynep@example.org",
        sender="Dialog-Plattform für Begegnung <no-reply@dialog.example.org>",
        delivery_id=uuid.uuid4(),
        language=language,
        stop_url=VALUES["stop_url"],
        ics=ics if kind == "promoted" else None,
        now=STARTS,
    )
    wire = on_the_wire(message)  # sets the boundaries on the message too
    assert _bytes(wire) == _bytes(message, compat32.clone(linesep="\r\n"))
    assert _bytes(on_the_wire(message)) == _bytes(wire)  # the folded subject, from the cache
