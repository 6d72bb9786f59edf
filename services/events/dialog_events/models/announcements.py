"""Announcements of an event to organisations of the directory: which were picked and how many
people were written to (no one's details: those travel sealed in the message only)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from dialog_platform.db import UtcDateTime

from .base import Base


class Announcement(Base):
    __tablename__ = "announcement"

    #: Given by staff's client: the same id again is the same announcement (sent once).
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("event.id", ondelete="CASCADE"), index=True
    )
    #: How organisations were picked: any of these tags, cities, activities (each list that
    #: is not empty must match).
    tags: Mapped[list] = mapped_column(JSON, default=list)
    cities: Mapped[list] = mapped_column(JSON, default=list)
    activities: Mapped[list] = mapped_column(JSON, default=list)
    organisations_count: Mapped[int] = mapped_column(Integer)
    recipients_count: Mapped[int] = mapped_column(Integer)
    #: Who announced it: the staff token's subject.
    staff_subject: Mapped[str] = mapped_column(String(200))
    announced_at: Mapped[datetime] = mapped_column(UtcDateTime())
