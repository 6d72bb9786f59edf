"""The SMTP channel's faster writing of a mail (``WIRE``) gives exactly the bytes the email
package's compat32 policy gives, for every kind of message in every language."""

from __future__ import annotations

import io
import uuid
from datetime import UTC, datetime
from email.generator import BytesGenerator
from email.policy import compat32
from types import SimpleNamespace

import pytest

from dialog_notifications.channels.email import on_the_wire
from dialog_notifications.composition import REQUEST, calendar_invite, compose_email
from dialog_notifications.rendering import KINDS, render
from dialog_platform.calendar import Person

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
    "signup_url": "https://registrations.example.org/events/e-1",
    "topic_title": "Abendvorträge",
    "withdrawn": "delegate_removed",
}


def _bytes(message, policy=None) -> bytes:
    out = io.BytesIO()
    BytesGenerator(out, policy=policy).flatten(message, linesep="\r\n")
    return out.getvalue()


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar"])
@pytest.mark.parametrize("kind", KINDS)
def test_the_wire_form_is_what_compat32_writes(kind, language):
    rendered = render(kind, language, VALUES, sms=False)
    event = SimpleNamespace(
        id=uuid.uuid4(),
        version=2,
        title="Abend",
        starts_at=STARTS,
        ends_at=STARTS,
        place="Gemeindehaus",
        status="published",
    )
    invite = calendar_invite(
        REQUEST,
        event,
        organizer="Dialog <no-reply@dialog.example.org>",
        attendee=Person("Zeynep", "zeynep@example.org"),
    )
    message = compose_email(
        rendered,
        to="zeynep@example.org",
        sender="Dialog-Plattform für Begegnung <no-reply@dialog.example.org>",
        delivery_id=uuid.uuid4(),
        language=language,
        stop_url=VALUES["stop_url"],
        calendar_part=invite if kind == "promoted" else None,
        now=STARTS,
    )
    wire = on_the_wire(message)  # sets the boundaries on the message too
    assert _bytes(wire) == _bytes(message, compat32.clone(linesep="\r\n"))
    assert _bytes(on_the_wire(message)) == _bytes(wire)  # the folded subject, from the cache
