"""The local copies of recipients and of their events (or mediation sessions), kept from
messages: a copy changes only for a message newer than what it holds."""

from __future__ import annotations

import secrets
import uuid
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from dialog_platform.messaging.copies import newer_copy

from ..models import EventCopy, Recipient

Copy = TypeVar("Copy", EventCopy, Recipient)


def place_of(venue: dict | None, online_url: str | None = None) -> str:
    """Where an event takes place, as one line: the venue's name and address, or the link."""
    if venue:
        return ", ".join(p for p in (venue.get("name"), venue.get("address")) if p)
    return online_url or ""


def keep_event(
    session: Session,
    event_id: uuid.UUID,
    version: int,
    *,
    same_version: bool = False,
    held: dict[uuid.UUID, EventCopy] | None = None,
    **fields,
) -> EventCopy | None:
    """Take an event's state; None when the copy holds this version or a newer one (with
    ``same_version``, a fuller message about the version held fills in the copy). A new copy
    is published and knows no reminder plan until the events service's own messages tell it.
    ``held``: the copies a batch read beforehand (``newer_copy``); the batch flushes."""
    copy = newer_copy(
        session,
        EventCopy,
        event_id,
        version,
        same_version=same_version,
        held=held,
        status="published",
        reminder_plan=None,
    )
    return _filled(session, copy, fields, flush=held is None)


def keep_recipient(
    session: Session,
    recipient_id: uuid.UUID,
    version: int,
    *,
    held: dict[uuid.UUID, Recipient] | None = None,
    **fields: Any,
) -> Recipient | None:
    """Take a recipient's newest state; None when this message is not newer than what we hold
    (a replay or an old message arriving late: it must not send anything again), or when the
    person was erased (a message still on its way must not bring their details back).
    ``held``: the copies a batch read beforehand (``newer_copy``); the batch flushes."""
    copy = newer_copy(
        session,
        Recipient,
        recipient_id,
        version,
        held=held,
        stop_token=secrets.token_urlsafe(24),
        reminders_stopped=False,
    )
    if copy is not None and copy.erased_at is not None:
        return None
    return _filled(session, copy, fields, flush=held is None)


def _filled(
    session: Session, copy: Copy | None, fields: dict[str, Any], flush: bool
) -> Copy | None:
    if copy is not None:
        for name, value in fields.items():
            setattr(copy, name, value)
        if flush:
            session.flush()
    return copy
