"""What every handler does the same way: keep the event (from the events service's snapshot or
a registration message's summary of it), keep the person a message names (how to reach them,
and the recipient as kept or held), and give a message that may come again a slot of its own."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from dialog_platform.messaging.envelope import Envelope

from ..models import EventCopy, Recipient
from ..operations.recipients import keep_event, keep_recipient, place_of


def described(data: dict[str, Any]) -> dict[str, Any]:
    """What an event's snapshot and a registration message's summary of it both tell."""
    return {
        "title": data["title"],
        "starts_at": data["starts_at"],
        "ends_at": data["ends_at"],
        "place": place_of(data["venue"], data["online_url"]),
    }


def event_from_summary(
    session: Session, summary: dict[str, Any], held: dict[uuid.UUID, EventCopy] | None = None
) -> EventCopy:
    """The event as a registration message sums it up: time and place, never its status or
    reminder plan (only the events service's own messages tell those). ``held``: the copies
    a batch read beforehand (``keep_event``)."""
    event_id = summary["event_id"]
    kept = keep_event(session, event_id, summary["version"], held=held, **described(summary))
    return kept or (session.get(EventCopy, event_id) if held is None else held[event_id])


def keep_snapshot(session: Session, data: dict[str, Any]) -> EventCopy | None:
    """The event from one of the events service's own messages: the full snapshot, which also
    fills in a copy made from a summary of the same version."""
    return keep_event(
        session,
        data["event_id"],
        data["version"],
        same_version=True,
        status=data["status"],
        reminder_plan=data["reminder_plan"],
        sms_quiet_hours=data["sms_quiet_hours"],
        **described(data),
    )


def reach(person: dict[str, Any]) -> dict[str, Any]:
    """Who a message names and how to write to them."""
    return {name: person[name] for name in ("name", "email", "phone", "language")}


def keep_contact(
    session: Session, recipient_id, version: int, person: dict[str, Any], **fields: Any
) -> Recipient | None:
    """A person a message names who gave no consent to SMS reminders (a delegate, a contact
    person, a subscriber, a mediation party), kept as ``keep_recipient`` keeps one."""
    return keep_recipient(
        session, recipient_id, version, sms_consent=False, **reach(person), **fields
    )


def held_unless_erased(session: Session, kept: Recipient | None, recipient_id) -> Recipient | None:
    """The recipient as a message just kept them, else as held (the message told the same
    version); None when unknown or erased."""
    recipient = kept or session.get(Recipient, recipient_id)
    if recipient is None or recipient.erased_at is not None:
        return None
    return recipient


def slot_of(envelope: Envelope, prefix: str, digits: int = 24) -> str:
    """A slot of its own for a message that may come again on purpose (a resend, a request
    for the link again): the inbox already keeps out a redelivered one."""
    return f"{prefix}-{envelope.id.replace('-', '')[:digits]}"
