"""Handlers of the messages the events service consumes (message type -> handler).

The events service keeps one row per registration with its latest status and whether it takes
a seat (as the registrations service says), so that staff cannot lower an event's capacity
below the seats already taken. It answers erasure and export requests about a person
(operations/privacy.py) through the platform's privacy handlers.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dialog_platform.messaging.consumer import BatchHandler, Received
from dialog_platform.messaging.copies import write_newer_copies
from dialog_platform.messaging.topology import REGISTRATION_CHANGES
from dialog_platform.privacy import privacy_handlers

from ..config import SERVICE
from ..models import RegistrationTally
from ..operations.privacy import erase_person, export_person


def keep_registration_statuses(session: Session, received: list[Received]) -> None:
    """Take each registration's status, unless a newer version is already known: one
    statement for the messages of a batch, however many of them are about one registration."""
    write_newer_copies(session, RegistrationTally, map(_tally_row, received))


def _tally_row(message: Received) -> dict[str, Any]:
    _envelope, data = message
    return {
        "registration_id": data["registration_id"],
        "version": data["version"],
        "event_id": data["event"]["event_id"],
        "status": data["status"],
        "takes_seat": data["takes_seat"],
    }


#: One handler for every status change, so that a batch mixing them is written at once.
KEEP_REGISTRATION_STATUS = BatchHandler(keep_registration_statuses)

HANDLERS = {
    **dict.fromkeys(REGISTRATION_CHANGES, KEEP_REGISTRATION_STATUS),
    **privacy_handlers(SERVICE, erase_person, export_person),
}
