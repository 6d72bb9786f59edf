"""The events service's tables."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint, Enum, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from dialog_platform.db import UtcDateTime, make_metadata

from .domain.lifecycle import EventStatus


class Base(DeclarativeBase):
    metadata = make_metadata()


class Event(Base):
    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
    )

    #: Public identifier, also in every message about the event.
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    #: round_table_meeting, information_event, evening_lecture, qualification_workshop, other
    type: Mapped[str] = mapped_column(String(40))
    #: Shown in lists, the sign-up form and every message to participants.
    title: Mapped[str] = mapped_column(String(200))
    #: Plain text or Markdown, rendered safely where shown.
    description: Mapped[str] = mapped_column(Text, default="")
    #: Start and end in UTC; shown in Europe/Berlin.
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: Seats; None means unlimited.
    capacity: Mapped[int | None] = mapped_column(Integer)
    #: Where the event is in its lifecycle.
    status: Mapped[EventStatus] = mapped_column(
        Enum(
            EventStatus,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=EventStatus.DRAFT,
    )
    #: Grows with every change; consumers ignore messages older than what they hold.
    version: Mapped[int] = mapped_column(Integer, default=1)
