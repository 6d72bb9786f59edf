"""The registrations service's tables."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from dialog_platform.db import UtcDateTime, make_metadata


class Base(DeclarativeBase):
    metadata = make_metadata()


class EventCopy(Base):
    """This service's own copy of an event, kept from the events service's messages, so that
    sign-ups work while the events service is down."""

    __tablename__ = "event_copy"

    #: The event's id in the events service.
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    #: The event's version this copy reflects; older messages are ignored.
    version: Mapped[int] = mapped_column(Integer)
    #: draft, published, cancelled or completed, as the events service last said.
    status: Mapped[str] = mapped_column(String(20))
    #: Event type (round_table_meeting, information_event, ...).
    type: Mapped[str] = mapped_column(String(40))
    #: Title shown on the sign-up form.
    title: Mapped[str] = mapped_column(String(200))
    #: Start and end (UTC).
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: Seats; None means unlimited.
    capacity: Mapped[int | None] = mapped_column(Integer)
