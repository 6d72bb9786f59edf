"""The registrations service's tables."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from dialog_platform.db import UtcDateTime, make_metadata


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
    #: Why the event was cancelled, when it was.
    cancel_reason: Mapped[str] = mapped_column(String(1000), default="")


class Registration(Base):
    """One person's sign-up for one event: their seat, place on the waiting list, or end."""

    __tablename__ = "registration"
    __table_args__ = (
        UniqueConstraint("event_id", "email_key"),
        Index("ix_registration_event_status", "event_id", "status"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event_copy.id"))
    #: Grows with every change; carried in every message about it.
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: A RegistrationStatus value.
    status: Mapped[str] = mapped_column(String(20))
    #: Order on the waiting list (smaller first); set when waitlisted.
    waitlist_seq: Mapped[int | None] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    #: As given, and lower-cased (one registration per address and event).
    email: Mapped[str] = mapped_column(String(254))
    email_key: Mapped[str] = mapped_column(String(254))
    #: E.164, or None.
    phone: Mapped[str | None] = mapped_column(String(20))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    #: de, en, tr or ar: the language of the form and of every message to this person.
    language: Mapped[str] = mapped_column(String(8))
    #: Accessibility or other needs, as written by the person.
    needs: Mapped[str] = mapped_column(String(1000), default="")
    #: The version of the consent text the person agreed to, and when.
    consent_text_version: Mapped[str] = mapped_column(String(40))
    consent_given_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: Consent to SMS reminders (needs a phone number), and when it was given.
    sms_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    sms_consent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: web, api, staff or invitation.
    source: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    #: Until when a pending seat is held for the email confirmation.
    hold_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    seated_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: participant, staff, event_cancelled or expired.
    cancelled_by: Mapped[str | None] = mapped_column(String(20))
    cancel_reason: Mapped[str] = mapped_column(String(1000), default="")
    checked_in_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class Invitation(Base):
    """A round-table delegate's invitation to a meeting, answered through accept/decline links."""

    __tablename__ = "invitation"
    __table_args__ = (UniqueConstraint("event_id", "delegate_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    event_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("event_copy.id"))
    round_table_id: Mapped[uuid.UUID] = mapped_column()
    round_table_name: Mapped[str] = mapped_column(String(200))
    delegate_id: Mapped[uuid.UUID] = mapped_column()
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(8))
    organisation_name: Mapped[str] = mapped_column(String(200), default="")
    #: An InvitationStatus value: sent, accepted or declined.
    status: Mapped[str] = mapped_column(String(20))
    #: Grows with every change of the invitation.
    version: Mapped[int] = mapped_column(Integer, default=1)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: The seated registration an acceptance made.
    registration_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("registration.id"))
