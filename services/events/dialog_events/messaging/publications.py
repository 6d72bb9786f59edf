"""One function per message the events service publishes; each writes to the outbox."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from dialog_platform.messaging.outbox import add_to_outbox

from ..config import SERVICE
from ..models import Event, Organisation, RoundTable


def snapshot(event: Event) -> dict:
    """The event as the contracts' ``EventSnapshot``."""
    return {
        "event_id": event.id,
        "version": event.version,
        "status": event.status.value,
        "type": event.type,
        "title": event.title,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "capacity": event.capacity,
        "registration_opens_at": event.registration_opens_at,
        "registration_closes_at": event.registration_closes_at,
        "requires_email_confirmation": event.requires_email_confirmation,
        "venue": event.venue,
        "online_url": event.online_url,
        "languages": event.languages,
        "reminder_plan": list(event.reminder_plan),
        "contact": event.contact,
        "access": event.access,
        "series": event.series,
        "sms_quiet_hours": quiet_hours(event.sms_quiet_hours),
        "round_table_id": event.round_table_id,
    }


def quiet_hours(text: str | None) -> dict | None:
    """ "21:00-08:00" as the contract's ``QuietHours``."""
    if text is None:
        return None
    start, end = text.split("-")
    return {"start": start, "end": end}


def jsonable(value: Any) -> Any:
    """Old values of changed fields, as JSON can carry them (times in UTC, ISO 8601)."""
    if isinstance(value, datetime):
        return value.isoformat()
    if hasattr(value, "value"):  # an enum
        return value.value
    return value


def event_published(session: Session, event: Event) -> None:
    add_to_outbox(session, SERVICE, "events.event.published", snapshot(event))


def event_updated(
    session: Session, event: Event, changed_fields: list[str], previous: dict, material: bool
) -> None:
    data = snapshot(event) | {
        "changed_fields": changed_fields,
        "material": material,
        "previous": {name: jsonable(value) for name, value in previous.items()},
    }
    add_to_outbox(session, SERVICE, "events.event.updated", data)


def event_cancelled(session: Session, event: Event) -> None:
    data = snapshot(event) | {"reason": event.cancel_reason}
    add_to_outbox(session, SERVICE, "events.event.cancelled", data)


def event_completed(session: Session, event: Event) -> None:
    add_to_outbox(session, SERVICE, "events.event.completed", snapshot(event))


def meeting_scheduled(
    session: Session, round_table: RoundTable, event: Event, invitees: list[dict]
) -> None:
    data = {
        "round_table_id": round_table.id,
        "round_table_name": round_table.name,
        "event": snapshot(event),
        "invitees": invitees,
    }
    add_to_outbox(session, SERVICE, "events.round_table.meeting_scheduled", data)


def round_table_updated(session: Session, round_table: RoundTable, invitees: list[dict]) -> None:
    """The round table as it is now, with every current delegate (sealed by the contract)."""
    data = {
        "round_table_id": round_table.id,
        "version": round_table.version,
        "round_table_name": round_table.name,
        "city": round_table.city,
        "invitees": invitees,
    }
    add_to_outbox(session, SERVICE, "events.round_table.updated", data)


def event_announced(
    session: Session, announcement_id, event: Event, signup_url: str | None, recipients: list
) -> None:
    data = {
        "announcement_id": announcement_id,
        "event": snapshot(event),
        "signup_url": signup_url,
        "recipients": recipients,
    }
    add_to_outbox(session, SERVICE, "events.event.announced", data)


def organisation_snapshot(organisation: Organisation) -> dict:
    return {
        "organisation_id": organisation.id,
        "version": organisation.version,
        "name": organisation.name,
        "kind": organisation.kind,
        "city": organisation.city,
    }


def organisation_created(session: Session, organisation: Organisation) -> None:
    add_to_outbox(
        session, SERVICE, "events.organisation.created", organisation_snapshot(organisation)
    )


def organisation_updated(session: Session, organisation: Organisation) -> None:
    add_to_outbox(
        session, SERVICE, "events.organisation.updated", organisation_snapshot(organisation)
    )
