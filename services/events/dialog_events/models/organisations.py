"""The organisations directory: the local actors of the programme. Never public."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialog_platform.db import UtcDateTime

from .base import Base, enum_column_type, values_of
from .contacts import PersonColumns


class Recognition(enum.StrEnum):
    """Status as a recognised provider of youth welfare (SGB VIII § 75)."""

    NONE = "none"
    APPLIED = "applied"
    RECOGNISED = "recognised"


#: What an organisation offers (the inventory, "Bestandsaufnahme"): a closed list of codes.
ACTIVITIES = (
    "youth_work",
    "counselling",
    "womens_group",
    "girls_group",
    "education",
    "homework_help",
    "language_course",
    "elderly_care",
    "refugee_help",
    "family_support",
    "culture",
    "sport",
    "religious_life",
    "other",
)
#: What an organisation needs ("Bedarfsklärung").
NEED_CATEGORIES = (
    "premises",
    "funding",
    "qualification",
    "volunteers",
    "youth_work_concept",
    "child_protection",
    "recognition",
    "networking",
    "other",
)
NEED_STATUSES = ("open", "in_progress", "met")


class Organisation(Base):
    __tablename__ = "organisation"
    __table_args__ = (Index("ix_organisation_kind_city", "kind", "city"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    #: Grows with every change of name, kind or city (the fields other services copy).
    version: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str] = mapped_column(String(200), index=True)
    #: mosque_congregation, alevi_congregation, association, initiative,
    #: welfare_organisation, public_body, other
    kind: Mapped[str] = mapped_column(String(40))
    city: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(500), default="")
    recognition: Mapped[Recognition] = mapped_column(
        enum_column_type(Recognition), default=Recognition.NONE, index=True
    )
    #: What the organisation needs (the needs assessment).
    needs_notes: Mapped[str] = mapped_column(Text, default="")
    #: What support the programme has given.
    support_notes: Mapped[str] = mapped_column(Text, default="")
    #: Volunteers and paid staff (None: not known).
    volunteers_count: Mapped[int | None] = mapped_column(Integer)
    paid_staff_count: Mapped[int | None] = mapped_column(Integer)
    #: Its premises (rooms, size, accessibility), as staff describe them.
    premises: Mapped[str] = mapped_column(String(1000), default="")
    #: Languages its work is done in (ISO 639-1).
    languages: Mapped[list] = mapped_column(JSON, default=list)
    #: When staff archived it (None: in the directory). Archived organisations leave lists
    #: unless asked for; their history (memberships, contacts) stays.
    archived_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)

    tag_rows: Mapped[list[OrganisationTag]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="OrganisationTag.tag"
    )
    contact_persons: Mapped[list[ContactPerson]] = relationship(
        back_populates="organisation",
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by="ContactPerson.position",
    )

    activity_rows: Mapped[list[OrganisationActivity]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="OrganisationActivity.code"
    )
    needs: Mapped[list[Need]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="Need.position"
    )
    recognition_history: Mapped[list[RecognitionChange]] = relationship(
        cascade="all, delete-orphan",
        lazy="selectin",
        order_by=lambda: [RecognitionChange.since, RecognitionChange.recorded_at],
    )

    #: Its tags (by name) and the codes of its activities.
    tags = values_of("tag_rows", "tag")
    activities = values_of("activity_rows", "code")


class OrganisationActivity(Base):
    __tablename__ = "organisation_activity"
    __table_args__ = (
        Index("ix_organisation_activity_code_organisation_id", "code", "organisation_id"),
    )

    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    #: One of ACTIVITIES.
    code: Mapped[str] = mapped_column(String(40), primary_key=True)


class Need(Base):
    """One need of the organisation's needs assessment, with its status and since when."""

    __tablename__ = "organisation_need"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    #: One of NEED_CATEGORIES.
    category: Mapped[str] = mapped_column(String(40))
    description: Mapped[str] = mapped_column(Text, default="")
    #: open, in_progress, met
    status: Mapped[str] = mapped_column(String(20), default="open")
    #: When the need was found.
    identified_on: Mapped[date] = mapped_column(Date)
    #: Since when it has its status.
    status_since: Mapped[date] = mapped_column(Date)


class RecognitionChange(Base):
    """One step of the organisation's recognition as a provider of youth welfare (§ 75 SGB
    VIII): the status and the day it took effect."""

    __tablename__ = "recognition_change"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    #: none, applied, recognised
    status: Mapped[str] = mapped_column(String(20))
    since: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class OrganisationTag(Base):
    __tablename__ = "organisation_tag"
    __table_args__ = (Index("ix_organisation_tag_tag_organisation_id", "tag", "organisation_id"),)

    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    #: A tag in lower case, e.g. "youth work".
    tag: Mapped[str] = mapped_column(String(100), primary_key=True)


class ContactPerson(PersonColumns, Base):
    """Whom the programme talks to at an organisation of the directory."""

    __tablename__ = "contact_person"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    #: When they agreed to receive the programme's announcements (None: they have not, or they
    #: withdrew; staff record it as the person said it).
    announcements_consented_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: When the person withdrew it themselves, by the unsubscribe link of an announcement (None
    #: when they did not, or staff recorded their consent again since).
    announcements_withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: The language announcements are written to them in (de, en, tr, ar).
    language: Mapped[str] = mapped_column(String(8), default="de")

    organisation: Mapped[Organisation] = relationship(back_populates="contact_persons")

    @property
    def announcements_consent(self) -> bool:
        return self.announcements_consented_at is not None
