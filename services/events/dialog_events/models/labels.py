"""An event's languages and topics: one row each, carrying a copy of the event's status, access
and start, so that the public list filtered by a topic or a language walks one index in start
order — ``(topic, status, access, starts_at, event_id)`` — and counts without touching the
events. The copies are kept in step by ``sync_label_copies`` before every flush."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, PrimaryKeyConstraint, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from dialog_platform.db import UtcDateTime

from .base import Base


class EventLabel:
    """Columns every label row shares: its event, the copies, and the position staff gave."""

    event_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), primary_key=True
    )
    #: Copy of the event's status (draft, published, cancelled, completed).
    status: Mapped[str] = mapped_column(String(20))
    #: Copy of the event's access (public, invitation).
    access: Mapped[str] = mapped_column(String(20), default="public")
    #: Copy of the event's start (UTC).
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: Order as staff entered them.
    position: Mapped[int] = mapped_column(Integer, default=0)


def _keys(table: str, label: str) -> tuple[PrimaryKeyConstraint, Index]:
    """The primary key, event first (a page's labels are loaded by event), and the index the
    public list filtered by this label walks (queries/events.py)."""
    return (
        PrimaryKeyConstraint("event_id", label),
        Index(
            f"ix_{table}_{label}_status_access_starts_at",
            *(label, "status", "access", "starts_at", "event_id"),
        ),
    )


class EventLanguage(EventLabel, Base):
    __tablename__ = "event_language"
    __table_args__ = _keys("event_language", "code")

    #: ISO 639-1 code, e.g. de, tr, ar.
    code: Mapped[str] = mapped_column(String(8), primary_key=True)


class EventTopic(EventLabel, Base):
    __tablename__ = "event_topic"
    __table_args__ = _keys("event_topic", "topic")

    #: A topic in lower case, e.g. "jugendhilfe".
    topic: Mapped[str] = mapped_column(String(100), primary_key=True)


@event.listens_for(Session, "before_flush")
def sync_label_copies(session: Session, _context, _instances) -> None:
    """Give every label row of a new or changed event the event's status, access and start."""
    from .events import Event

    for instance in (*session.new, *session.dirty):
        if isinstance(instance, Event):
            for row in (*instance.language_rows, *instance.topic_rows):
                copies = {
                    "status": getattr(instance.status, "value", instance.status),
                    "access": instance.access or "public",
                    "starts_at": instance.starts_at,
                }
                for name, value in copies.items():
                    if getattr(row, name) != value:
                        setattr(row, name, value)
