"""The mediation service's tables (the outbox and inbox come from dialog_platform.messaging.tables).

What names people or tells a case's story is encrypted (``Encrypted``): the case's title,
description and requester, the parties' names and channels (found by keyed lookup hashes), the
notes' bodies. Notes (``timeline_entry``) and the audit trail (``audit_entry``) are append-only:
the code never updates or deletes them and the database refuses it too (triggers, migrations
0002 and 0003); a note's only changes are a re-encryption and a recorded redaction
(``maintenance.py``).
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Column,
    Date,
    Enum,
    ForeignKey,
    Integer,
    String,
    Table,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from dialog_platform import personal  # noqa: F401  (its flush listener keeps the lookup hashes)
from dialog_platform.crypto import Encrypted
from dialog_platform.db import UtcDateTime, make_metadata

from . import maintenance  # noqa: F401  (lets a re-encryption through the append-only guard)
from .domain.sessions import SessionStatus
from .domain.workflow import CaseStatus, Outcome


class Base(DeclarativeBase):
    metadata = make_metadata()


def _enum(cls: type[enum.Enum], length: int = 30) -> Enum:
    return Enum(
        cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e]
    )


class OrganisationCopy(Base):
    """The local copy of the events service's organisations directory (from its messages)."""

    __tablename__ = "organisation_copy"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    #: The version of the last message applied; older messages are ignored.
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    #: mosque_congregation, alevi_congregation, association, ... (events' ORGANISATION_KINDS)
    kind: Mapped[str] = mapped_column(String(40))
    city: Mapped[str] = mapped_column(String(200), default="")


class CaseCounter(Base):
    """The last case number given per year, for references like ``M-2027-014``."""

    __tablename__ = "case_counter"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Case(Base):
    __tablename__ = "mediation_case"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    #: Neutral reference used in messages and figures, never the title.
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    #: Encrypted: a title can name the parties.
    title: Mapped[str] = mapped_column(Encrypted())
    #: One of domain.categories.CATEGORIES.
    category: Mapped[str] = mapped_column(String(60), index=True)
    #: Confidential (admins and the assigned mediators only); encrypted.
    description: Mapped[str] = mapped_column(Encrypted(), default="")
    #: low, normal, high, urgent
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    #: Who asked for help (a person or organisation, as they were named; encrypted) and how.
    requester_name: Mapped[str] = mapped_column(Encrypted())
    requester_channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[CaseStatus] = mapped_column(_enum(CaseStatus), default=CaseStatus.NEW)
    #: Set when resolved, cleared when reopened.
    outcome: Mapped[Outcome | None] = mapped_column(_enum(Outcome))
    opened_on: Mapped[date] = mapped_column(Date, index=True)
    resolved_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: Grows with every change (status changes are conditional on it).
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: When the file lost its title, description, requester, notes and the parties' names and
    #: channels, MEDIATION_RETENTION_DAYS after it was closed (None: not yet).
    file_redacted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    mediators: Mapped[list[CaseMediator]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseMediator.name"
    )
    parties: Mapped[list[Party]] = relationship(back_populates="case", order_by="Party.created_at")


class CaseMediator(Base):
    """A staff member (role ``mediator``) assigned to a case, known by their token subject."""

    __tablename__ = "case_mediator"

    case_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("mediation_case.id", ondelete="CASCADE"), primary_key=True
    )
    subject: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)
    #: Display name at the time of assignment.
    name: Mapped[str] = mapped_column(String(200))

    case: Mapped[Case] = relationship(back_populates="mediators")


class Party(Base):
    """An organisation or person involved in a case, with its role and contact channels. An
    erased party keeps its row (so the case stays readable) without name or channels."""

    __tablename__ = "party"
    __lookup_hashes__ = {"email_hash": ("email", "email"), "phone_hash": ("phone", "phone")}

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id"), index=True)
    #: organisation or person
    kind: Mapped[str] = mapped_column(String(20))
    #: Set when the organisation is one of the directory's (organisation_copy).
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("organisation_copy.id"))
    #: Encrypted; "(erased)" once erased (a person's name; an organisation keeps its own).
    name: Mapped[str] = mapped_column(Encrypted())
    #: Their role in the case, in the mediator's words (e.g. "requesting congregation").
    role: Mapped[str] = mapped_column(String(200))
    #: Encrypted.
    email: Mapped[str | None] = mapped_column(Encrypted())
    #: E.164, encrypted.
    phone: Mapped[str | None] = mapped_column(Encrypted())
    #: Keyed hash of the normalised address (current data key), kept by a flush listener.
    email_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    #: Keyed hash of the number.
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    #: Language of invitations (de, en, tr, ar).
    language: Mapped[str] = mapped_column(String(8), default="de")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())

    case: Mapped[Case] = relationship(back_populates="parties")


class TimelineEntry(Base):
    """A note or activity of a case. Append-only: a correction is a new entry naming the one
    it corrects (``corrects_id``). A redaction (erasure of someone it names, end of retention)
    removes the body and stamps when and by whom, once; nothing else changes an entry."""

    __tablename__ = "timeline_entry"
    __append_only__ = True

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id"), index=True)
    #: note, phone_call, meeting, email, letter, other_activity; status_change and session are
    #: written by the service itself.
    kind: Mapped[str] = mapped_column(String(20))
    #: Encrypted; None once redacted.
    body: Mapped[str | None] = mapped_column(Encrypted())
    corrects_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("timeline_entry.id"))
    author_subject: Mapped[str] = mapped_column(String(200))
    author_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    #: When the body was redacted, and by whom (a staff subject or ``system:<reason>``).
    redacted_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    redacted_by: Mapped[str | None] = mapped_column(String(200))


session_attendance = Table(
    "session_party",
    Base.metadata,
    Column("session_id", ForeignKey("mediation_session.id", ondelete="CASCADE"), primary_key=True),
    Column("party_id", ForeignKey("party.id"), primary_key=True),
)


class MediationSession(Base):
    """A meeting with (some of) the parties; its changes are published to notifications."""

    __tablename__ = "mediation_session"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    case_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("mediation_case.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime())
    place: Mapped[str] = mapped_column(String(500))
    #: Set only through domain.sessions.advance (no default: a session gets it when scheduled).
    status: Mapped[SessionStatus] = mapped_column(_enum(SessionStatus, length=20))
    #: Grows with every change (advance gives the next one); in every message about the session.
    version: Mapped[int] = mapped_column(Integer)

    parties: Mapped[list[Party]] = relationship(secondary=session_attendance)

    @property
    def party_ids(self) -> list[uuid.UUID]:
        return [party.id for party in self.parties]


class AuditEntry(Base):
    """Who did or read what, when. Append-only; no personal data beyond the actor."""

    __tablename__ = "audit_entry"
    __append_only__ = True

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    actor_subject: Mapped[str] = mapped_column(String(200))
    actor_name: Mapped[str] = mapped_column(String(200))
    #: e.g. case.opened, notes.read, session.scheduled
    action: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    #: The id of the thing acted on (a note, party, session), if any.
    target_id: Mapped[str | None] = mapped_column(String(36))
    #: A short structured detail such as "new -> in_progress"; never free text of the case.
    detail: Mapped[str] = mapped_column(String(200), default="")
