"""The notifications service's tables: recipients, the events they are registered for, and
deliveries (immediate messages and scheduled reminders alike) with every attempt logged.

All of it is filled from messages; nothing is read from another service's database. The outbox
and inbox come from dialog_platform.messaging.tables. Contact data is encrypted at rest
(``Encrypted``) and found by keyed hashes; what a message's content may hold (names, a staff
reason, a provider's answer) is encrypted too.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy import Enum as SqlEnum
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from dialog_platform.crypto import Encrypted, EncryptedJSON
from dialog_platform.db import UtcDateTime, make_metadata
from dialog_platform.locale import DEFAULT_LANGUAGE


class Base(DeclarativeBase):
    metadata = make_metadata()


class DeliveryStatus(enum.StrEnum):
    QUEUED = "queued"  # waiting for its time (a reminder) or for the dispatcher
    RETRYING = "retrying"  # a temporary failure; ``due_at`` is the next try
    SENT = "sent"
    FAILED = "failed"  # permanent failure, or retries exhausted: staff see it
    DROPPED = "dropped"  # no longer owed: cancelled, event started, reminders stopped


PENDING = (DeliveryStatus.QUEUED, DeliveryStatus.RETRYING)
#: The kind of a delivery planned from an event's reminder plan (every other kind goes at once).
REMINDER = "reminder"


def _enum(cls):
    return SqlEnum(
        cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]
    )


class Recipient(Base):
    """A person to write to: one per registration, invitation or mediation party and session.
    Erased (on request, or by retention after the event): every contact field emptied, the
    row, its status and its delivery log kept."""

    __tablename__ = "recipient"
    #: Lookup hashes kept in step by dialog_platform.personal.
    __lookup_hashes__ = {"email_hash": ("email", "email"), "phone_hash": ("phone", "phone")}

    #: The registration id, the invitation id, or a mediation session's party key.
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    #: "registration", "invitation", "mediation_party", "announcement" or "subscription".
    source: Mapped[str] = mapped_column(String(20))
    #: Version of the source record this copy reflects (older messages are ignored).
    version: Mapped[int] = mapped_column(Integer, default=0)
    #: The event (or mediation session) this recipient belongs to.
    event_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    #: How mails and SMS address the person (encrypted; "" once erased).
    name: Mapped[str] = mapped_column(Encrypted)
    #: Where mails go (encrypted); None: the person gave no address (SMS only), or erased.
    email: Mapped[str | None] = mapped_column(Encrypted)
    #: Keyed hash of the normalised address: how an erasure or export request finds the row.
    email_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    #: E.164 number for SMS (encrypted), or None.
    phone: Mapped[str | None] = mapped_column(Encrypted)
    #: Keyed hash of the number.
    phone_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    #: Whether the person agreed to reminders by SMS.
    sms_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The language every message to the person is written in.
    language: Mapped[str] = mapped_column(String(8), default=DEFAULT_LANGUAGE)
    #: Registration status as last told (pending, confirmed, waitlisted, cancelled, ...); for
    #: an invitation "invited", for a mediation party the kind of the last session message.
    status: Mapped[str] = mapped_column(String(20), default="")
    #: Links from the source service (confirm_url, cancel_url, accept_url, decline_url),
    #: encrypted: their tokens are the keys to the registration.
    links: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON, default=dict)
    #: Secret of the "stop reminders" link in every email: a random lookup key, no contact data.
    stop_token: Mapped[str] = mapped_column(String(64), unique=True)
    #: The person used that link: no reminders any more (from an announcement: no more
    #: announcements either).
    reminders_stopped: Mapped[bool] = mapped_column(Boolean, default=False)
    #: A directory announcement's recipient: the contact person (the events service's id),
    #: whose consent to announcements that link withdraws.
    contact_person_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)

    @property
    def stops_announcements(self) -> bool:
        """Whether their stop link ends announcements (a contact person of the directory) rather
        than reminders."""
        return self.contact_person_id is not None

    #: When the contact details were erased; later messages about the person change nothing.
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class EventCopy(Base):
    """What we know of an event (or a mediation session): enough to write and to remind."""

    __tablename__ = "event_copy"

    #: The event's id (or the mediation session's).
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    #: Version of the event this copy reflects (older messages are ignored).
    version: Mapped[int] = mapped_column(Integer, default=0)
    #: The event's title (a mediation session's neutral case reference).
    title: Mapped[str] = mapped_column(String(200))
    #: When it starts: reminders are timed from it, nothing is sent after it.
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: When it ends (the calendar file).
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: Venue name and address, or the online link, as one line.
    place: Mapped[str] = mapped_column(String(1000), default="")
    #: published, cancelled or completed (reminders go only for a published event).
    status: Mapped[str] = mapped_column(String(20), default="published")
    #: The event's reminder plan (list of {channel, minutes_before}); None: not known yet.
    reminder_plan: Mapped[list[dict] | None] = mapped_column(JSON)
    #: The event's own SMS quiet hours ({start, end}, Berlin wall clock); None: the setting
    #: NOTIFICATIONS_SMS_QUIET_HOURS.
    sms_quiet_hours: Mapped[dict | None] = mapped_column(JSON)


class Delivery(Base):
    """One message owed to one recipient on one channel, sent once."""

    __tablename__ = "delivery"
    #: The scheduler's question: what is pending and due (named by the naming convention).
    __table_args__ = (Index(None, "status", "due_at"),)

    #: Also the mail's Message-ID, the same for every try.
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    #: (recipient, kind, event, reminder slot): a replayed message finds it and adds nothing.
    dedup_key: Mapped[str] = mapped_column(String(300), unique=True)
    #: To whom.
    recipient_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("recipient.id"), index=True)
    #: Never loaded: it tells a flush to write new recipients before the deliveries queued
    #: for them (a batch of messages writes both in one flush).
    recipient: Mapped[Recipient] = relationship(lazy="raise")
    #: About which event (or mediation session).
    event_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    #: Template kind: confirm_email, seat_confirmed, waitlisted, reminder, ...
    kind: Mapped[str] = mapped_column(String(40))
    #: "email" or "sms".
    channel: Mapped[str] = mapped_column(String(10))
    #: For reminders: the plan entry, e.g. "email-1440m"; else the source version.
    slot: Mapped[str] = mapped_column(String(40), default="")
    #: Where it stands (see DeliveryStatus).
    status: Mapped[DeliveryStatus] = mapped_column(_enum(DeliveryStatus))
    #: When it may be sent (a reminder's time, or the next retry).
    due_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: Sends tried so far.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    #: What the template needs beyond recipient and event (old time and place, a staff
    #: reason, position, ...), encrypted; emptied when the recipient is erased.
    context: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON, default=dict)
    #: The last failure's answer (what staff see) without addresses or numbers, encrypted; None
    #: when there was none or retention cleared it.
    last_error: Mapped[str | None] = mapped_column(Encrypted)
    #: When it was queued.
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: When it was accepted by the SMTP server or the SMS provider.
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class DeliveryAttempt(Base):
    """The delivery log: every state a delivery went through, with the provider's answer."""

    __tablename__ = "delivery_attempt"

    #: In the order the attempts happened.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    #: The delivery this attempt belongs to.
    delivery_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("delivery.id"), index=True)
    #: Never loaded: it tells a flush to write new deliveries before their log.
    delivery: Mapped[Delivery] = relationship(lazy="raise")
    #: When.
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: queued, sent, retrying, failed or dropped.
    outcome: Mapped[str] = mapped_column(String(20))
    #: The SMTP server's or SMS provider's answer without addresses or numbers, or why it was
    #: dropped; encrypted (an answer may quote more than we can recognise); None once
    #: retention cleared it.
    answer: Mapped[str | None] = mapped_column(Encrypted)
