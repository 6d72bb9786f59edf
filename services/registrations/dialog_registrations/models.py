"""The registrations service's tables."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, relationship

from dialog_platform.crypto import Encrypted, EncryptedJSON
from dialog_platform.db import UtcDateTime, make_metadata

from .domain.consent import ConsentPurpose

#: Lookup hashes kept beside the contact fields they find (``dialog_platform.personal``).
CONTACT_HASHES = {"email_hash": ("email", "email"), "phone_hash": ("phone", "phone")}


class Base(DeclarativeBase):
    metadata = make_metadata()


class EventCopy(Base):
    """This service's own copy of an event, kept from the events service's messages, so that
    sign-ups work while the events service is down. Its row is also the event's lock: every
    change of seats takes ``SELECT ... FOR UPDATE`` on it first."""

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
    #: Sign-ups from (None: at once) until (None: the start).
    registration_opens_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    registration_closes_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: Whether a sign-up must confirm its email address before the seat is theirs.
    requires_email_confirmation: Mapped[bool] = mapped_column(Boolean, default=True)
    #: {name, address, accessibility_notes} or None.
    venue: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    online_url: Mapped[str | None] = mapped_column(String(500))
    #: Languages spoken at the event (ISO 639-1).
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: {name, email, phone} of who answers questions, or None.
    contact: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    round_table_id: Mapped[uuid.UUID | None] = mapped_column()
    #: public, or invitation (only the invited may sign up: a round table's meetings).
    access: Mapped[str] = mapped_column(String(20), default="public")
    #: The series the event belongs to (e.g. "abendvortraege-2027"), or None.
    series: Mapped[str | None] = mapped_column(String(100), index=True)
    #: Why the event was cancelled, when it was.
    cancel_reason: Mapped[str] = mapped_column(String(1000), default="")
    #: The seat counter (``operations/seat_counter.py``), always equal to counting this event's
    #: registrations: those holding a seat (pending, confirmed, attended, no-show), those
    #: waitlisted, and the last waiting-list number given (it only grows).
    seats_taken: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    waiting: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    waitlist_tail: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Registration(Base):
    """One person's sign-up for one event: their seat, place on the waiting list, or end.
    Contact fields are encrypted at rest and found by their keyed hashes; once ``erased_at`` is
    set they are empty and the row stays only as a figure (status, seat, times)."""

    __tablename__ = "registration"
    __table_args__ = (
        UniqueConstraint("event_id", "email_hash"),
        Index("ix_registration_event_status", "event_id", "status"),
        #: Whether an event has holds that ran out, asked before every sign-up.
        Index("ix_registration_event_status_hold", "event_id", "status", "hold_until"),
    )
    __lookup_hashes__ = CONTACT_HASHES

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event_copy.id"))
    #: Grows with every change; carried in every message about it.
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: A RegistrationStatus value.
    status: Mapped[str] = mapped_column(String(20))
    #: Order on the waiting list (smaller first); set when waitlisted.
    waitlist_seq: Mapped[int | None] = mapped_column(Integer)
    #: The person's name (encrypted; None once erased).
    name: Mapped[str | None] = mapped_column(Encrypted())
    #: The address as given (encrypted; None once erased).
    email: Mapped[str | None] = mapped_column(Encrypted())
    #: Keyed hash of the normalised address: one registration per address and event.
    email_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    #: E.164, or None (encrypted).
    phone: Mapped[str | None] = mapped_column(Encrypted())
    #: Keyed hash of the number, to find it for an erasure.
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    #: As the person wrote it (encrypted).
    organisation: Mapped[str | None] = mapped_column(Encrypted(), default="")
    #: de, en, tr or ar: the language of the form and of every message to this person.
    language: Mapped[str] = mapped_column(String(8))
    #: Accessibility or other needs, as written by the person (encrypted).
    needs: Mapped[str | None] = mapped_column(Encrypted(), default="")
    #: web, api, staff or invitation.
    source: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: Until when a pending seat is held for the email confirmation.
    hold_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: How often a new sign-up with the same, unconfirmed address asked for the confirmation
    #: mail again (``domain.confirmation.MAX_CONFIRMATION_REQUESTS`` at most).
    confirmation_requests: Mapped[int] = mapped_column(Integer, default=0)
    seated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: participant, staff, event_cancelled or expired.
    cancelled_by: Mapped[str | None] = mapped_column(String(20))
    cancel_reason: Mapped[str] = mapped_column(String(1000), default="")
    checked_in_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: When the person's details were removed (an erasure request, or the retention period
    #: ran out); the registration changes no more after that.
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    #: Every consent given with this registration, oldest first (withdrawn ones too).
    consents: Mapped[list[Consent]] = relationship(
        lazy="selectin", order_by="Consent.given_at", back_populates="registration"
    )

    def consent_to(self, purpose: str) -> Consent | None:
        """The consent to ``purpose`` that holds now, if any."""
        held = [c for c in self.consents if c.purpose == purpose and c.withdrawn_at is None]
        return held[-1] if held else None

    @property
    def sms_consent(self) -> bool:
        return self.consent_to(ConsentPurpose.SMS_REMINDERS) is not None

    @property
    def consent_text_version(self) -> str | None:
        consent = self.consent_to(ConsentPurpose.REGISTRATION)
        return consent.text_version if consent else None

    @property
    def consent_given_at(self) -> datetime | None:
        consent = self.consent_to(ConsentPurpose.REGISTRATION)
        return consent.given_at if consent else None


class ConsentText(Base):
    """The exact wording of a consent as shown: stored once per purpose, version and language,
    so that each record names what the person agreed to without copying it."""

    __tablename__ = "consent_text"

    #: A ConsentPurpose value.
    purpose: Mapped[str] = mapped_column(String(40), primary_key=True)
    #: The texts' version (``domain.consent.text_version``).
    version: Mapped[str] = mapped_column(String(40), primary_key=True)
    #: The language it was shown in.
    language: Mapped[str] = mapped_column(String(8), primary_key=True)
    #: The sentence as shown.
    text: Mapped[str] = mapped_column(Text)


class Consent(Base):
    """One consent a person gave for one purpose: to which text, when, where, and when and how
    it was withdrawn. A later purpose with another subject than a registration (e.g. news of
    future events) adds its own reference beside ``registration_id``."""

    __tablename__ = "consent"
    __table_args__ = (
        ForeignKeyConstraint(
            ["purpose", "text_version", "language"],
            ["consent_text.purpose", "consent_text.version", "consent_text.language"],
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    #: The registration the consent was given with (or None: a subscription's).
    registration_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("registration.id"), index=True
    )
    #: The subscription the consent was given with (or None: a registration's).
    subscription_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("subscription.id", ondelete="CASCADE"), index=True
    )
    #: A ConsentPurpose value.
    purpose: Mapped[str] = mapped_column(String(40))
    #: The version and language of the text shown (``consent_text``).
    text_version: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(8))
    #: When it was given.
    given_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: A ConsentSource value: form, api, invitation or staff.
    source: Mapped[str] = mapped_column(String(20))
    #: When and how it ended (a Withdrawal value), or None while it holds.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    withdrawn_by: Mapped[str | None] = mapped_column(String(20))

    registration: Mapped[Registration | None] = relationship(back_populates="consents")
    wording: Mapped[ConsentText] = relationship()


class Invitation(Base):
    """A round-table delegate's invitation to a meeting, answered through accept/decline links.
    Contact fields as in ``Registration``: encrypted, found by keyed hashes, emptied on erasure."""

    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("event_id", "delegate_id"),)
    __lookup_hashes__ = CONTACT_HASHES

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event_copy.id"))
    #: The round table and its name, as the meeting's message said.
    round_table_id: Mapped[uuid.UUID] = mapped_column()
    round_table_name: Mapped[str] = mapped_column(String(200))
    #: The delegate's id in the events service.
    delegate_id: Mapped[uuid.UUID] = mapped_column()
    #: The delegate's name, address and number (encrypted; None once erased).
    name: Mapped[str | None] = mapped_column(Encrypted())
    email: Mapped[str | None] = mapped_column(Encrypted())
    email_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    phone: Mapped[str | None] = mapped_column(Encrypted())
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    #: de, en, tr or ar.
    language: Mapped[str] = mapped_column(String(8))
    #: The delegate's organisation (encrypted).
    organisation_name: Mapped[str | None] = mapped_column(Encrypted(), default="")
    #: An InvitationStatus value: sent, accepted, declined or cancelled.
    status: Mapped[str] = mapped_column(String(20))
    #: round_table (a delegate of a member organisation) or staff (invited by hand).
    source: Mapped[str] = mapped_column(String(20), default="round_table")
    #: Grows with every change of the invitation.
    version: Mapped[int] = mapped_column(Integer, default=1)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: When staff last sent it again, if they did.
    resent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: When and why it was withdrawn (delegate_removed, meeting_cancelled or staff).
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    cancel_reason: Mapped[str | None] = mapped_column(String(20))
    #: The seated registration an acceptance made.
    registration_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("registration.id"))
    #: When the delegate's details were removed; the invitation changes no more after that.
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class RoundTableCopy(Base):
    """This service's copy of a round table (its name and version) from the events service's
    ``events.round_table.updated``; who belongs to it is read from each snapshot, not kept."""

    __tablename__ = "round_table_copy"

    #: The round table's id in the events service.
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    #: The version this copy reflects; older snapshots are ignored.
    version: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))


class Subscription(Base):
    """Someone's wish to hear when sign-up opens for a new date of an event series, an event
    type or a round table (double opt-in). The address is encrypted and found by its keyed
    hash; an ended subscription keeps no address."""

    __tablename__ = "subscription"
    __table_args__ = (Index("ix_subscription_topic", "topic_kind", "topic_key", "status"),)
    __lookup_hashes__ = {"email_hash": ("email", "email")}

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    #: series, event_type or round_table (``SUBSCRIPTION_TOPICS``), its key and its title.
    topic_kind: Mapped[str] = mapped_column(String(20))
    topic_key: Mapped[str] = mapped_column(String(100))
    topic_title: Mapped[str] = mapped_column(String(200))
    #: The name and address (encrypted; None once ended or erased) and the address's hash.
    name: Mapped[str | None] = mapped_column(Encrypted())
    email: Mapped[str | None] = mapped_column(Encrypted())
    email_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    #: de, en, tr or ar: the language of every mail to them.
    language: Mapped[str] = mapped_column(String(8))
    #: A SubscriptionStatus value: unconfirmed, active or ended.
    status: Mapped[str] = mapped_column(String(20))
    #: Grows with every change.
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    #: The consent given with it (purpose ``subscription``).
    consents: Mapped[list[Consent]] = relationship(
        lazy="selectin", order_by="Consent.given_at", cascade="all, delete-orphan"
    )


class SubscriptionAnnouncement(Base):
    """That a subscription was told about an event: each is told once per event."""

    __tablename__ = "subscription_announcement"

    subscription_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("subscription.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    announced_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ParticipantMark(Base):
    """The yearly report's memory of a participant whose details were removed: a keyed hash of
    the address (or number) under the year's own salt, so that the number of distinct
    participants of a year stays the same after erasures and retention. It says nothing about
    who: the salt is used for nothing else and no row links it to an event or a person."""

    __tablename__ = "participant_mark"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    mark: Mapped[str] = mapped_column(String(64), primary_key=True)


class ReportSalt(Base):
    """The random salt of one year's participant marks (encrypted at rest)."""

    __tablename__ = "report_salt"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    salt: Mapped[str] = mapped_column(Encrypted())


class PersonRequest:
    """What an erasure and an export request both hold: the person, named by keyed hashes only,
    who asked and when, and when every service had answered."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    #: Keyed hashes of the person's email address and phone number.
    email_hashes: Mapped[list[str]] = mapped_column(JSON, default=list)
    phone_hashes: Mapped[list[str]] = mapped_column(JSON, default=list)
    #: When and by whom (the staff member's token subject, or "command line") it was made.
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime())
    requested_by: Mapped[str] = mapped_column(String(200))
    #: When every service had answered (None while some have not).
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ErasureRequest(PersonRequest, Base):
    """An admin's request to erase a person in every service: the erasure ledger. The person
    is named by keyed hashes only (one per data key at the time), so the ledger holds no
    personal data and can be published again after a backup was restored."""

    __tablename__ = "erasure_request"

    confirmations: Mapped[list[ErasureConfirmation]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="ErasureConfirmation.service"
    )


class ServiceAnswer:
    """What an erasure confirmation and an export part both are: one service's answer to a
    person request, keyed by the request and the service. ``requests`` names the table of the
    requests answered; ``deleted_with_request``, whether the answers go when their request
    goes (an export's do; an erasure request, the ledger, stays)."""

    requests: ClassVar[str]
    deleted_with_request: ClassVar[bool] = False

    # The key first, request before service, as the tables were made (a mixin's columns
    # would follow the class's own).
    @declared_attr
    def request_id(cls) -> Mapped[uuid.UUID]:
        ondelete = "CASCADE" if cls.deleted_with_request else None
        foreign_key = ForeignKey(f"{cls.requests}.id", ondelete=ondelete)
        return mapped_column(foreign_key, primary_key=True, sort_order=-2)

    #: events, registrations, notifications or mediation.
    service: Mapped[str] = mapped_column(String(40), primary_key=True, sort_order=-1)


class ErasureConfirmation(ServiceAnswer, Base):
    """One service's confirmation that it erased the person of a request."""

    __tablename__ = "erasure_confirmation"
    requests = "erasure_request"

    #: When the service finished erasing.
    confirmed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: What it erased: how many records of each kind (counts only).
    erased: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)


class ExportRequest(PersonRequest, Base):
    """An admin's request for everything the platform holds about a person (access, Art. 15):
    named by keyed hashes like an erasure; kept for a day with the services' answers."""

    __tablename__ = "export_request"

    requested_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)

    parts: Mapped[list[ExportPart]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="ExportPart.service"
    )


class ExportPart(ServiceAnswer, Base):
    """One service's answer to an export request: what it holds about the person."""

    __tablename__ = "export_part"
    requests, deleted_with_request = "export_request", True

    #: When the answer came.
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: The service's records of the person, by kind (encrypted: it is their personal data).
    records: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON())


class SignUpRate(Base):
    """How many sign-ups came from one client address in the current hour: the rate limit's
    counter, in the database so that every web process of the service counts together. The
    address is kept only as a keyed hash; a row lasts about an hour."""

    __tablename__ = "signup_rate"

    #: Keyed hash (HMAC-SHA256 with the link secret) of the client address.
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: When this address's current window began.
    window_started_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    #: Sign-ups counted in the window.
    count: Mapped[int] = mapped_column(Integer)
