"""Events, and the seats taken as the registrations service reported them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialog_platform.db import UtcDateTime

from ..domain.lifecycle import EventStatus
from .base import Base, enum_column_type, values_of
from .labels import EventLanguage, EventTopic


class Event(Base):
    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
        #: The public list: published events by start (optionally of one type).
        #: (id last: the list's tie-breaker, and lets counts and semi-joins read the index only.)
        Index("ix_event_status_starts_at_id", "status", "starts_at", "id"),
        Index("ix_event_status_type_starts_at_id", "status", "type", "starts_at", "id"),
        Index("ix_event_round_table_id_starts_at", "round_table_id", "starts_at"),
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
        enum_column_type(EventStatus), default=EventStatus.DRAFT
    )
    #: Grows with every change; consumers ignore messages older than what they hold.
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: The venue (all None when the event is online only).
    venue_name: Mapped[str | None] = mapped_column(String(200))
    venue_address: Mapped[str] = mapped_column(String(500), default="")
    venue_accessibility_notes: Mapped[str] = mapped_column(String(1000), default="")
    #: Link to join online, if any.
    online_url: Mapped[str | None] = mapped_column(String(500))
    #: Sign-ups are accepted from opens (None: at once) until closes (None: the start).
    registration_opens_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    registration_closes_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: Whether people who sign up must confirm their email address.
    requires_email_confirmation: Mapped[bool] = mapped_column(Boolean, default=True)
    #: [{"channel": "email"|"sms", "minutes_before": int}, ...]
    reminder_plan: Mapped[list] = mapped_column(JSON, default=list)
    #: Who organises the event (an association, a team).
    organiser: Mapped[str] = mapped_column(String(200), default="")
    #: {"name", "email", "phone"} of whom to ask, or None.
    contact: Mapped[dict | None] = mapped_column(JSON)
    #: Who may see it and sign up: "public", or "invitation" (only the invited: a round table's
    #: meetings unless staff open one; never in the public list, feed or detail).
    access: Mapped[str] = mapped_column(String(20), default="public")
    #: The series it belongs to (a slug such as "abendvortraege-2027"), if any: subscribers of
    #: the series are told when sign-up opens for a new date (registrations).
    series: Mapped[str | None] = mapped_column(String(100), index=True)
    #: When no SMS about it may go, "HH:MM-HH:MM" on the Berlin wall clock, if it differs from
    #: the programme's setting (an evening event's 19:00 reminder is fine); None: the setting.
    sms_quiet_hours: Mapped[str | None] = mapped_column(String(11))
    #: The round table this event is a meeting of, if any.
    round_table_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("round_table.id", ondelete="RESTRICT")
    )
    #: Minutes of a round-table meeting (plain text or Markdown).
    minutes: Mapped[str] = mapped_column(Text, default="")
    #: When it was first published (None: never; such an event is never shown to the public).
    published_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    #: Why the event was cancelled (told to every participant).
    cancel_reason: Mapped[str | None] = mapped_column(String(1000))

    language_rows: Mapped[list[EventLanguage]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="EventLanguage.position"
    )
    topic_rows: Mapped[list[EventTopic]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="EventTopic.position"
    )

    #: Its language codes and topics, in the order staff gave them.
    languages = values_of("language_rows", "code")
    topics = values_of("topic_rows", "topic")

    @property
    def venue(self) -> dict | None:
        if self.venue_name is None:
            return None
        return {
            "name": self.venue_name,
            "address": self.venue_address,
            "accessibility_notes": self.venue_accessibility_notes,
        }


class RegistrationTally(Base):
    """Each registration's latest known status, from the registrations service's messages:
    enough to refuse a capacity below the seats already taken."""

    __tablename__ = "registration_tally"

    #: The registration (registrations service's id).
    registration_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    event_id: Mapped[uuid.UUID] = mapped_column(index=True)
    #: pending, confirmed, waitlisted, cancelled, expired, attended, no_show
    status: Mapped[str] = mapped_column(String(20))
    #: Whether it takes one of the event's seats (the registrations service's rule).
    takes_seat: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The registration's version; older messages are ignored.
    version: Mapped[int] = mapped_column(Integer)
