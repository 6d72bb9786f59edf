"""Seats, waiting list and the sign-up window: pure arithmetic, no I/O.

The caller holds the event's lock while it asks these questions, so the answers stay true
until its transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .errors import SignUpRefused
from .states import RegistrationStatus


@dataclass(frozen=True)
class Window:
    """What decides whether an event takes sign-ups."""

    status: str
    starts_at: datetime
    opens_at: datetime | None
    closes_at: datetime | None


def check_open(window: Window, now: datetime) -> None:
    """Raise ``SignUpRefused`` with a plain sentence unless sign-ups are accepted at ``now``."""
    if window.status == "cancelled":
        raise SignUpRefused("This event has been cancelled.", "cancelled")
    if window.status == "completed":
        raise SignUpRefused("This event has already taken place.", "completed")
    if window.status != "published":
        raise SignUpRefused("This event is not open for sign-up.", "not_published")
    if window.opens_at is not None and now < window.opens_at:
        raise SignUpRefused("Sign-up for this event has not opened yet.", "not_yet_open")
    closes_at = window.closes_at or window.starts_at
    if now >= closes_at:
        if now >= window.starts_at:
            raise SignUpRefused("This event has already started.", "past")
        raise SignUpRefused("Sign-up for this event has closed.", "closed")


#: Sources of sign-ups the public makes itself (the form and the JSON API).
PUBLIC_SOURCES = frozenset({"web", "api"})


def check_access(access: str, source: str) -> None:
    """A meeting by invitation takes no public sign-up (its delegates accept their invitation)."""
    if access == "invitation" and source in PUBLIC_SOURCES:
        raise SignUpRefused(
            "This meeting is by invitation only; it takes no public sign-ups.", "invitation_only"
        )


def free_seats(capacity: int | None, seated: int) -> int | None:
    """Seats still free; None when the event has no limit."""
    return None if capacity is None else max(capacity - seated, 0)


def placement(capacity: int | None, seated: int, needs_email_confirmation: bool) -> str:
    """Where a new sign-up goes: a held seat (pending), a seat, or the waiting list."""
    if capacity is not None and seated >= capacity:
        return RegistrationStatus.WAITLISTED
    return RegistrationStatus.PENDING if needs_email_confirmation else RegistrationStatus.CONFIRMED


def promotions(capacity: int | None, seated: int, waiting: int) -> int:
    """How many of the ``waiting`` move up now that ``seated`` hold seats."""
    free = free_seats(capacity, seated)
    return waiting if free is None else min(free, waiting)
