"""Handlers of the messages the notifications service consumes (message type -> handler).

Each handler keeps what the message tells (recipient, event) and queues the messages owed, each
under its dedup key; the scheduler sends them after the commit. ``make_handlers(clock)`` lets
tests fix the time.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from dialog_platform.messaging.envelope import Envelope

from .. import operations as ops
from ..models import EventCopy, Recipient

Clock = Callable[[], datetime]
#: Registration status -> the message a ``registration.created`` owes.
ON_CREATED = {"pending": "confirm_email", "confirmed": "seat_confirmed", "waitlisted": "waitlisted"}
NOTIFIED_OF_CHANGES = ("pending", "confirmed", "waitlisted")


def utc_now() -> datetime:
    return datetime.now(UTC)


def _event_from_summary(session: Session, summary: dict[str, Any]) -> EventCopy:
    return ops.keep_event(
        session,
        summary["event_id"],
        summary["version"],
        title=summary["title"],
        starts_at=summary["starts_at"],
        ends_at=summary["ends_at"],
        place=ops.place_of(summary.get("venue"), summary.get("online_url")),
    )


def _keep_event(session: Session, data: dict[str, Any]) -> EventCopy:
    """The copy of an event from one of the events service's own messages (the full snapshot:
    status and reminder plan too, unlike the summary inside registration messages)."""
    return ops.keep_event(
        session,
        data["event_id"],
        data["version"],
        title=data["title"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        status=data["status"],
        place=ops.place_of(data.get("venue"), data.get("online_url")),
        reminder_plan=data.get("reminder_plan") or None,
    )


def _keep_registration(session: Session, data: dict[str, Any]) -> Recipient | None:
    person, links = data["participant"], data["links"]
    return ops.keep_recipient(
        session,
        data["registration_id"],
        data["version"],
        source="registration",
        event_id=data["event"]["event_id"],
        name=person["name"],
        email=person["email"],
        phone=person.get("phone"),
        sms_consent=person.get("sms_consent", False),
        language=person.get("language", "de"),
        status=data["status"],
        links={k: v for k, v in links.items() if v},
    )


def make_handlers(clock: Clock = utc_now) -> dict[str, Callable]:
    def registration(kind_for: Callable[[dict], str | None]):
        def handle(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
            now = clock()
            event = _event_from_summary(session, data["event"])
            recipient = _keep_registration(session, data)
            if recipient is None:
                return
            kind = kind_for(data)
            if kind is not None:
                context = {"position": data.get("waitlist_position")}
                if kind == "cancelled":
                    context |= {"cancelled_by": data["cancelled_by"], "reason": data["reason"]}
                ops.enqueue(session, recipient, kind, event.id, f"v{data['version']}", now, context)
            if data["status"] == "confirmed":
                ops.schedule_reminders(session, recipient, event, now)
            elif data["status"] in ("cancelled", "expired", "attended", "no_show"):
                ops.drop_reminders(
                    session, f"the registration is {data['status']}", now,
                    recipient_id=recipient.id,
                )  # fmt: skip

        return handle

    def invitation_sent(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
        event = _event_from_summary(session, data["event"])
        invitee = data["invitee"]
        recipient = ops.keep_recipient(
            session, data["invitation_id"], 1, source="invitation", event_id=event.id,
            name=invitee["name"], email=invitee.get("email"), phone=invitee.get("phone"),
            sms_consent=False, language=invitee.get("language", "de"), status="invited",
            links={"accept_url": data["accept_url"], "decline_url": data["decline_url"]},
        )  # fmt: skip
        if recipient is not None:
            context = {
                "round_table_name": data["round_table_name"],
                "organisation_name": invitee.get("organisation_name", ""),
            }
            ops.enqueue(session, recipient, "invitation", event.id, "v1", clock(), context)

    def event_changed(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
        now = clock()
        before = session.get(EventCopy, data["event_id"])
        old = (before.starts_at, before.place) if before is not None else None
        if before is not None and before.version > data["version"]:
            return
        event = _keep_event(session, data)
        if not data.get("material"):
            return
        previous = data.get("previous") or {}
        old_starts = previous.get("starts_at") or (old[0] if old else event.starts_at)
        if isinstance(old_starts, str):
            old_starts = datetime.fromisoformat(old_starts)
        old_place = (ops.place_of(previous["venue"], None) if "venue" in previous else None) or (
            old[1] if old else event.place
        )
        for recipient in ops.recipients_of(session, event.id, NOTIFIED_OF_CHANGES):
            context = {"old_starts_at": old_starts.isoformat(), "old_place": old_place}
            ops.enqueue(
                session, recipient, "event_changed", event.id, f"v{data['version']}", now, context
            )
            ops.schedule_reminders(session, recipient, event, now)

    def event_kept(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
        event = _keep_event(session, data)
        if event.status in ("cancelled", "completed"):
            ops.drop_reminders(session, f"the event is {event.status}", clock(), event_id=event.id)

    def session_message(kind: str):
        def handle(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
            now = clock()
            event = ops.keep_event(
                session, data["session_id"], data["version"], title=data["case_reference"],
                starts_at=data["starts_at"], ends_at=data["ends_at"], place=data["place"],
                status="cancelled" if kind == "mediation_cancelled" else "published",
            )  # fmt: skip
            context = {"case_reference": data["case_reference"]}
            if kind == "mediation_changed":
                context |= {
                    "old_starts_at": data["previous_starts_at"].isoformat(),
                    "old_place": data["previous_place"],
                }
            for party in data["parties"]:
                recipient = ops.keep_recipient(
                    session, uuid.uuid5(data["session_id"], str(party["party_id"])),
                    data["version"], source="mediation_party", event_id=event.id,
                    name=party["name"], email=party.get("email"), phone=party.get("phone"),
                    sms_consent=False, language=party.get("language", "de"), status=kind,
                    links={},
                )  # fmt: skip
                if recipient is not None:
                    ops.enqueue(
                        session, recipient, kind, event.id, f"v{data['version']}", now, context
                    )

        return handle

    return {
        "registrations.registration.created": registration(lambda d: ON_CREATED.get(d["status"])),
        "registrations.registration.confirmed": registration(lambda d: "seat_confirmed"),
        "registrations.registration.waitlisted": registration(lambda d: "waitlisted"),
        "registrations.registration.promoted": registration(lambda d: "promoted"),
        "registrations.registration.cancelled": registration(lambda d: "cancelled"),
        "registrations.registration.checked_in": registration(lambda d: None),
        "registrations.invitation.sent": invitation_sent,
        "events.event.published": event_kept,
        "events.event.updated": event_changed,
        "events.event.cancelled": event_kept,
        "events.event.completed": event_kept,
        "mediation.session.scheduled": session_message("mediation_invitation"),
        "mediation.session.rescheduled": session_message("mediation_changed"),
        "mediation.session.cancelled": session_message("mediation_cancelled"),
    }


HANDLERS = make_handlers()
