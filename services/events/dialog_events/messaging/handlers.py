"""Handlers of the messages the events service consumes (message type -> handler).

The events service keeps one row per registration with its latest status and whether it takes
a seat (as the registrations service says), so that staff cannot lower an event's capacity
below the seats already taken. It answers erasure and export requests about a person
(operations/privacy.py) through the platform's privacy handlers.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dialog_platform.messaging.copies import newer_copy
from dialog_platform.messaging.envelope import Envelope
from dialog_platform.privacy import privacy_handlers

from ..config import SERVICE
from ..models import RegistrationTally
from ..operations.privacy import erase_person, export_person


def keep_registration_status(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    """Take the registration's status, unless a newer version is already known."""
    tally = newer_copy(session, RegistrationTally, data["registration_id"], data["version"])
    if tally is not None:
        tally.event_id = data["event"]["event_id"]
        tally.status = data["status"]
        tally.takes_seat = data["takes_seat"]


HANDLERS = {
    **{
        f"registrations.registration.{name}": keep_registration_status
        for name in ("created", "confirmed", "waitlisted", "promoted", "cancelled", "checked_in")
    },
    **privacy_handlers(SERVICE, erase_person, export_person),
}
