"""Handlers of the messages the events service consumes (message type -> handler).

The events service keeps one row per registration with its latest status and whether it takes
a seat (as the registrations service says), so that staff cannot lower an event's capacity
below the seats already taken. A contact person who unsubscribed from announcements (the link
in one, as notifications tells) is left out of the next ones. It answers erasure and export
requests about a person (operations/privacy.py) through the platform's privacy handlers.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dialog_platform.messaging.consumer import BatchHandler, Received
from dialog_platform.messaging.copies import write_newer_copies
from dialog_platform.messaging.envelope import Envelope
from dialog_platform.messaging.topology import REGISTRATION_CHANGES
from dialog_platform.privacy import privacy_handlers

from ..config import SERVICE
from ..models import RegistrationTally
from ..operations.announcements import withdraw_announcements_consent
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


def announcements_stopped(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    """A contact person used the unsubscribe link of an announcement: their consent ends."""
    withdraw_announcements_consent(session, data["contact_person_id"], data["stopped_at"])


#: One handler for every status change, so that a batch mixing them is written at once.
KEEP_REGISTRATION_STATUS = BatchHandler(keep_registration_statuses)

HANDLERS = {
    **dict.fromkeys(REGISTRATION_CHANGES, KEEP_REGISTRATION_STATUS),
    "notifications.announcements.stopped": announcements_stopped,
    **privacy_handlers(SERVICE, erase_person, export_person),
}
