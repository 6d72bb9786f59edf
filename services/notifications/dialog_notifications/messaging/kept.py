"""The copies every handler keeps the same way: the event (from the events service's snapshot
or a registration message's summary of it) and how to reach a person a message names."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

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


def event_from_summary(session: Session, summary: dict[str, Any]) -> EventCopy:
    """The event as a registration message sums it up: time and place, never its status or
    reminder plan (only the events service's own messages tell those)."""
    kept = keep_event(session, summary["event_id"], summary["version"], **described(summary))
    return kept or session.get(EventCopy, summary["event_id"])


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
