"""The contact point's log ("lokale Anlaufstelle"): each enquiry or contact with an
organisation of the directory, who at the programme took it, and the follow-up it needs."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialog_platform.db import UtcDateTime

from .base import Base

#: How the contact happened.
CONTACT_CHANNELS = ("phone", "email", "visit", "meeting", "video", "letter", "other")


class OrganisationContact(Base):
    __tablename__ = "organisation_contact"
    __table_args__ = (
        #: What is due: open follow-ups by their date.
        Index("ix_organisation_contact_done_at_follow_up_due", "done_at", "follow_up_due"),
        Index(
            "ix_organisation_contact_organisation_id_happened_on", "organisation_id", "happened_on"
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT")
    )
    #: The day it happened (Berlin).
    happened_on: Mapped[date] = mapped_column(Date)
    #: phone, email, visit, meeting, video, letter, other
    channel: Mapped[str] = mapped_column(String(20))
    #: What it was about (staff write it; not a place for personal details).
    topic: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
    #: Whom at the organisation it was with, if recorded; None once that person is erased.
    contact_person_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("contact_person.id", ondelete="SET NULL"), index=True
    )
    #: Who at the programme: the subject of the staff token that recorded it.
    staff_subject: Mapped[str] = mapped_column(String(200))
    #: When to follow it up, if needed.
    follow_up_due: Mapped[date | None] = mapped_column(Date)
    #: When the follow-up was done (None: open, or none needed).
    done_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())

    organisation = relationship("Organisation", lazy="joined")

    @property
    def organisation_name(self) -> str:
        return self.organisation.name

    @property
    def done(self) -> bool:
        return self.done_at is not None
