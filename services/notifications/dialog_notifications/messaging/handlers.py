"""Handlers of the messages the notifications service consumes (message type -> handler).

Each handler keeps what the message tells (recipient, event) and queues the messages owed, each
under its dedup key; the scheduler sends them after the commit. Erasure and export requests are
answered by the platform's privacy handlers around this service's own erase and export.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now
from dialog_platform.messaging.consumer import BatchHandler, Received
from dialog_platform.messaging.contracts.registrations import RegistrationStatus
from dialog_platform.messaging.envelope import Envelope
from dialog_platform.messaging.topology import REGISTRATION_CHANGES
from dialog_platform.privacy import privacy_handlers

from ..composition import CANCEL, REQUEST
from ..config import SERVICE
from ..models import EventCopy, Recipient
from ..operations.deliveries import enqueue
from ..operations.erasure import erase_person, export_person
from ..operations.held import Held
from ..operations.recipients import keep_event, keep_recipient, place_of
from ..operations.reminders import plan_reminders, replan_event, withdraw_sms_consent
from ..queries import recipients_of
from .kept import (
    event_from_summary,
    held_unless_erased,
    keep_contact,
    keep_snapshot,
    reach,
    slot_of,
)
from .network import NETWORK_HANDLERS

#: Registration status -> the message a ``registration.created`` owes.
ON_CREATED = {
    RegistrationStatus.PENDING: "confirm_email",
    RegistrationStatus.CONFIRMED: "seat_confirmed",
    RegistrationStatus.WAITLISTED: "waitlisted",
}
#: Registration's change -> the message it owes, but for ``created`` (by the status) and
#: ``cancelled`` (with who cancelled and why); a check-in owes none.
OWED_ON_CHANGE = {
    "confirmed": "seat_confirmed",
    "waitlisted": "waitlisted",
    "promoted": "promoted",
    "checked_in": None,
}
#: Who holds a seat, and so the event's entry in their calendar (a check-in changes nothing).
SEATED = (RegistrationStatus.CONFIRMED, RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW)
#: Whom a change of an event's time or place is told: everyone registered, checked in or not.
NOTIFIED_OF_CHANGES = (RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED, *SEATED)
#: Whom the events service's cancellation is told here: the registrations service cancels the
#: open registrations (and so writes to them), not those already checked in.
TOLD_OF_CANCELLATION_HERE = (RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW)


def _keep_registration(
    session: Session, data: dict[str, Any], held: dict[uuid.UUID, Recipient] | None = None
) -> Recipient | None:
    return keep_recipient(
        session,
        data["registration_id"],
        data["version"],
        held=held,
        source="registration",
        event_id=data["event"]["event_id"],
        sms_consent=data["participant"]["sms_consent"],
        status=data["status"],
        links={name: url for name, url in data["links"].items() if url},
        **reach(data["participant"]),
    )


def registrations_changed(session: Session, received: list[Received]) -> None:
    """A run of registrations' changes of status, each handled in turn as if alone: what they
    find held is read first, in one statement each (``Held``), and what they write is flushed
    together at the end, so a batch of sign-ups costs a few statements, not a dozen each."""
    now = utc_now()
    batch = Held.read(
        session,
        {data["event"]["event_id"] for _envelope, data in received},
        {data["registration_id"] for _envelope, data in received},
    )
    for envelope, data in received:
        kind, context = _owed(envelope.type.rsplit(".", 1)[1], data)
        _registration_changed(session, batch, data, kind, now, context)
    session.flush()


def _owed(change: str, data: dict[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """The message a registration's change owes (if any), and what it tells beyond the
    registration."""
    if change == "created":
        return ON_CREATED.get(data["status"]), {}
    if change == "cancelled":
        return "cancelled", {"cancelled_by": data["cancelled_by"], "reason": data["reason"]}
    return OWED_ON_CHANGE[change], {}


def _registration_changed(
    session: Session,
    batch: Held,
    data: dict[str, Any],
    kind: str | None,
    now: datetime,
    context: dict[str, Any],
) -> None:
    """Keep the registration's recipient, queue the message ``kind`` it owes (if any), and
    make its reminders match its status."""
    event = event_from_summary(session, data["event"], batch.events)
    known = batch.recipients.get(data["registration_id"])
    had_seat = known is not None and known.status in SEATED
    recipient = _keep_registration(session, data, batch.recipients)
    if recipient is None:
        return
    if kind == "cancelled" and had_seat:
        context = {**context, "calendar": CANCEL}  # the entry added from an earlier mail goes
    if kind is not None:
        context = {"position": data["waitlist_position"], **context}
        slot, queued = f"v{data['version']}", batch.deliveries_of(recipient.id)
        enqueue(session, recipient, kind, event.id, slot, now, context, held=queued)
    plan_reminders(session, recipient, event, now, batch)


def confirmation_requested(session: Session, envelope: Envelope, data: dict[str, Any]) -> None:
    """Someone signed up again with an address not confirmed yet: the please-confirm mail goes
    once more (the registrations service limits how often it asks)."""
    now = utc_now()
    event = event_from_summary(session, data["event"])
    kept = _keep_registration(session, data)
    recipient = held_unless_erased(session, kept, data["registration_id"])
    if recipient is None:
        return
    if recipient.status == RegistrationStatus.PENDING:
        slot = slot_of(envelope, "again", digits=32)  # one mail per request
        enqueue(session, recipient, "confirm_email", event.id, slot, now)


def consent_withdrawn(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    """Whatever the message's version, the withdrawal holds at once: no SMS any more."""
    event_from_summary(session, data["event"])
    _keep_registration(session, data)
    recipient = session.get(Recipient, data["registration_id"])
    if recipient is not None and data["purpose"] == "sms_reminders":
        withdraw_sms_consent(session, recipient, utc_now())


def event_kept(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    """Published or completed: keep the snapshot; the reminders follow it."""
    event = keep_snapshot(session, data)
    if event is not None:
        replan_event(session, event, utc_now())


def event_cancelled(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    """Keep the snapshot (the reminders go); those already checked in are told here, with
    the calendar entry's cancellation (the others hear it from their registration's end)."""
    event = keep_snapshot(session, data)
    if event is None:
        return
    now = utc_now()
    context = {"cancelled_by": "event_cancelled", "reason": data["reason"], "calendar": CANCEL}
    for recipient in recipients_of(session, event.id, TOLD_OF_CANCELLATION_HERE):
        enqueue(session, recipient, "cancelled", event.id, f"v{data['version']}", now, context)
    replan_event(session, event, now)


def event_updated(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    """Keep the new snapshot; a change of time or place (``material``) is told to everyone
    registered, with the old and the new; the reminders follow the new time and plan."""
    known = session.get(EventCopy, data["event_id"])
    before = (known.starts_at, known.place) if known is not None else None
    event = keep_snapshot(session, data)
    if event is None:
        return
    now = utc_now()
    if data["material"]:
        told = _old_time_and_place(data["previous"], before or (event.starts_at, event.place))
        for recipient in recipients_of(session, event.id, NOTIFIED_OF_CHANGES):
            # the seated get the entry again, with the event's new version as its SEQUENCE
            context = told | ({"calendar": REQUEST} if recipient.status in SEATED else {})
            slot = f"v{data['version']}"
            enqueue(session, recipient, "event_changed", event.id, slot, now, context)
    replan_event(session, event, now)


def _old_time_and_place(previous: dict[str, Any], known: tuple[datetime, str]) -> dict[str, str]:
    """The event's time and place before the change: as the message says, else as we knew."""
    starts_at = previous.get("starts_at") or known[0]
    if isinstance(starts_at, str):
        starts_at = datetime.fromisoformat(starts_at)
    place = place_of(previous["venue"]) if "venue" in previous else ""
    return {"old_starts_at": starts_at.isoformat(), "old_place": place or known[1]}


def _session_changed(session: Session, data: dict[str, Any], kind: str, **context: Any) -> None:
    """Keep the mediation session (as an event) and its parties, and write to each party."""
    now = utc_now()
    event = keep_event(
        session,
        data["session_id"],
        data["version"],
        title=data["case_reference"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        place=data["place"],
        status="cancelled" if kind == "mediation_cancelled" else "published",
    )
    if event is None:
        return
    context = {"case_reference": data["case_reference"], **context}
    for party in data["parties"]:
        recipient_id = uuid.uuid5(data["session_id"], str(party["party_id"]))
        recipient = keep_contact(
            session,
            recipient_id,
            data["version"],
            party,
            source="mediation_party",
            event_id=event.id,
            status=kind,
            links={},
        )
        if recipient is not None:
            enqueue(session, recipient, kind, event.id, f"v{data['version']}", now, context)


def session_scheduled(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    _session_changed(session, data, "mediation_invitation")


def session_rescheduled(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    _session_changed(
        session,
        data,
        "mediation_changed",
        old_starts_at=data["previous_starts_at"].isoformat(),
        old_place=data["previous_place"],
    )


def session_cancelled(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    _session_changed(session, data, "mediation_cancelled")


#: One handler for every change of status, so that a batch mixing them is handled at once.
REGISTRATIONS_CHANGED = BatchHandler(registrations_changed)

HANDLERS = {
    **dict.fromkeys(REGISTRATION_CHANGES, REGISTRATIONS_CHANGED),
    "registrations.registration.confirmation_requested": confirmation_requested,
    "registrations.registration.consent_withdrawn": consent_withdrawn,
    **NETWORK_HANDLERS,
    "events.event.published": event_kept,
    "events.event.updated": event_updated,
    "events.event.cancelled": event_cancelled,
    "events.event.completed": event_kept,
    "mediation.session.scheduled": session_scheduled,
    "mediation.session.rescheduled": session_rescheduled,
    "mediation.session.cancelled": session_cancelled,
    **privacy_handlers(SERVICE, erase_person, export_person),
}
