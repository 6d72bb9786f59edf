"""Handlers of the messages the mediation service consumes (message type -> handler).

It keeps a local copy of the events service's organisations directory, so a party can name an
organisation of the directory without asking the events service, and answers erasure and export
requests about a person (operations/privacy.py) through the platform's privacy handlers.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dialog_platform.messaging.copies import newer_copy
from dialog_platform.messaging.envelope import Envelope
from dialog_platform.privacy import privacy_handlers

from ..config import SERVICE
from ..models import OrganisationCopy
from ..operations.privacy import erase_person, export_person

COPIED_FIELDS = ("name", "kind", "city")


def keep_organisation_copy(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    """Take the organisation's new state, unless the copy already holds a newer version."""
    copy = newer_copy(session, OrganisationCopy, data["organisation_id"], data["version"])
    if copy is not None:
        for name in COPIED_FIELDS:
            setattr(copy, name, data[name])


HANDLERS = {
    "events.organisation.created": keep_organisation_copy,
    "events.organisation.updated": keep_organisation_copy,
    **privacy_handlers(SERVICE, erase_person, export_person),
}
