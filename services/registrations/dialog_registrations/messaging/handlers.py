"""Handlers of the messages the registrations service consumes (message type -> handler)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now
from dialog_platform.messaging.contracts.privacy import ANSWERING_SERVICES
from dialog_platform.messaging.copies import newer_copy
from dialog_platform.messaging.envelope import Envelope

from ..domain.consent import ConsentPurpose, Withdrawal
from ..models import EventCopy, Registration
from ..operations.cancel import cancel_all_for_event
from ..operations.consents import withdraw_consent
from ..operations.invitations import invite_delegates
from ..operations.requests import record_erasure_confirmation, record_export_part
from ..operations.seats import fill_free_seats, lock_event

#: Fields of the EventSnapshot contract this service keeps (its copy of the event).
COPIED_FIELDS = (
    "status",
    "type",
    "title",
    "starts_at",
    "ends_at",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "requires_email_confirmation",
    "venue",
    "online_url",
    "languages",
    "contact",
    "round_table_id",
    "access",
)


def update_copy(session: Session, data: dict[str, Any]) -> EventCopy | None:
    """Take the event's new state, locked (the copy is the lock of the event's seats); None if
    this copy already reflects this or a newer version."""
    copy = newer_copy(
        session, EventCopy, data["event_id"], data["version"], lock=True, cancel_reason=""
    )
    if copy is None:
        return None
    for name in COPIED_FIELDS:
        setattr(copy, name, data.get(name))
    copy.languages = list(data.get("languages") or [])
    copy.access = data.get("access") or "public"
    session.flush()
    return copy


def keep_event_copy(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    """Published, updated or completed: keep the copy; a raised capacity promotes the waiting."""
    copy = update_copy(session, data)
    if copy is not None:
        fill_free_seats(session, copy, utc_now())


def event_cancelled(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    """Every open registration of the event is cancelled with the event's reason."""
    copy = update_copy(session, data)
    if copy is not None:
        copy.cancel_reason = data["reason"]
        cancel_all_for_event(session, copy, data["reason"])


def meeting_scheduled(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    """Keep the meeting's event and invite each delegate (once, however often this arrives)."""
    update_copy(session, data["event"])
    invite_delegates(session, lock_event(session, data["event"]["event_id"]), data)


def erasure_completed(session: Session, envelope: Envelope, data: dict[str, Any]) -> None:
    """Another service confirmed an erasure request (the type names the service)."""
    record_erasure_confirmation(session, _service_of(envelope), data)


def export_completed(session: Session, envelope: Envelope, data: dict[str, Any]) -> None:
    """Another service answered an export request with its records of the person."""
    record_export_part(session, _service_of(envelope), data)


def _service_of(envelope: Envelope) -> str:
    return envelope.type.split(".", 1)[0]


def reminders_stopped(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    """The person pressed "stop reminders": their consent to SMS reminders ends then."""
    registration = session.get(Registration, data["recipient_id"])
    if registration is None or registration.erased_at is not None:
        return  # an invitation's reminders, or a person whose details are gone
    withdraw_consent(
        session,
        registration.id,
        ConsentPurpose.SMS_REMINDERS,
        Withdrawal.PERSON,
        at=data["stopped_at"],
    )


HANDLERS = {
    "events.event.published": keep_event_copy,
    "events.event.updated": keep_event_copy,
    "events.event.completed": keep_event_copy,
    "events.event.cancelled": event_cancelled,
    "events.round_table.meeting_scheduled": meeting_scheduled,
    **{f"{service}.erasure.completed": erasure_completed for service in ANSWERING_SERVICES},
    **{f"{service}.export.completed": export_completed for service in ANSWERING_SERVICES},
    "notifications.reminders.stopped": reminders_stopped,
}
