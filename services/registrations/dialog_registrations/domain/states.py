"""The states of a registration and the transitions between them (pure rules, no I/O)."""

from __future__ import annotations

from enum import StrEnum

from .errors import TransitionRefused


class RegistrationStatus(StrEnum):
    PENDING = "pending"  # the seat is held until the email address is confirmed
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # not confirmed in time; the seat was released
    ATTENDED = "attended"
    NO_SHOW = "no_show"


#: States that take a seat of the event's capacity.
SEATED = frozenset(
    {
        RegistrationStatus.PENDING,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.ATTENDED,
        RegistrationStatus.NO_SHOW,
    }
)
#: States after which the person has no place (a new sign-up starts afresh).
ENDED = frozenset({RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED})

_ALLOWED: dict[RegistrationStatus, frozenset[RegistrationStatus]] = {
    RegistrationStatus.PENDING: frozenset(
        {RegistrationStatus.CONFIRMED, RegistrationStatus.EXPIRED, RegistrationStatus.CANCELLED}
    ),
    RegistrationStatus.CONFIRMED: frozenset(
        {
            RegistrationStatus.CANCELLED,
            RegistrationStatus.ATTENDED,
            RegistrationStatus.NO_SHOW,
        }
    ),
    RegistrationStatus.WAITLISTED: frozenset(
        {RegistrationStatus.CONFIRMED, RegistrationStatus.CANCELLED}
    ),
    RegistrationStatus.ATTENDED: frozenset({RegistrationStatus.NO_SHOW}),
    RegistrationStatus.NO_SHOW: frozenset({RegistrationStatus.ATTENDED}),
    RegistrationStatus.CANCELLED: frozenset(),
    RegistrationStatus.EXPIRED: frozenset(),
}

_WORDS = {
    RegistrationStatus.PENDING: "waiting for the email address to be confirmed",
    RegistrationStatus.CONFIRMED: "confirmed",
    RegistrationStatus.WAITLISTED: "on the waiting list",
    RegistrationStatus.CANCELLED: "cancelled",
    RegistrationStatus.EXPIRED: "expired",
    RegistrationStatus.ATTENDED: "checked in as attended",
    RegistrationStatus.NO_SHOW: "checked in as not attended",
}


def describe(status: str) -> str:
    """The state in words, for sentences shown to people."""
    return _WORDS[RegistrationStatus(status)]


def can_change(current: str, target: str) -> bool:
    return RegistrationStatus(target) in _ALLOWED[RegistrationStatus(current)]


def check_transition(current: str, target: str) -> None:
    """Raise ``TransitionRefused`` with a plain sentence unless ``current -> target`` is allowed."""
    if not can_change(current, target):
        raise TransitionRefused(
            f"This registration is {_WORDS[RegistrationStatus(current)]}; "
            f"it cannot be {_WORDS[RegistrationStatus(target)]} now."
        )
