"""The states of a registration and of an invitation, and the transitions between them (pure
rules, no I/O). ``advance`` is the one way a status changes: it checks the table and advances
the version; nothing else assigns a status."""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from dialog_platform.messaging.contracts.registrations import RegistrationStatus

from .errors import TransitionRefused

__all__ = [
    "ENDED",
    "SEATED",
    "InvitationStatus",
    "RegistrationStatus",
    "SubscriptionStatus",
    "advance",
]

S = RegistrationStatus

#: States that take a seat of the event's capacity.
SEATED = frozenset({S.PENDING, S.CONFIRMED, S.ATTENDED, S.NO_SHOW})
#: States after which the person has no place (a new sign-up starts afresh).
ENDED = frozenset({S.CANCELLED, S.EXPIRED})
#: Where a sign-up lands: a held seat, a seat, or the waiting list.
PLACED = frozenset({S.PENDING, S.CONFIRMED, S.WAITLISTED})

#: Changes of a registration while it lasts: current status -> the statuses it may become.
REGISTRATION_TRANSITIONS: dict[RegistrationStatus, frozenset[RegistrationStatus]] = {
    S.PENDING: frozenset({S.CONFIRMED, S.EXPIRED, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.CANCELLED, S.ATTENDED, S.NO_SHOW}),
    # promoted (to a held seat while the address is not confirmed), or left the queue
    S.WAITLISTED: frozenset({S.PENDING, S.CONFIRMED, S.CANCELLED}),
    # corrected, or undone (a check-in by mistake: confirmed again)
    S.ATTENDED: frozenset({S.NO_SHOW, S.CONFIRMED}),
    S.NO_SHOW: frozenset({S.ATTENDED, S.CONFIRMED}),
    S.CANCELLED: frozenset(),
    S.EXPIRED: frozenset(),
}
#: Signing up, the only way into ``PLACED``: from no registration yet (None), or with the same
#: address again after the last registration ended (its row starts afresh).
SIGN_UP_TRANSITIONS: dict[RegistrationStatus | None, frozenset[RegistrationStatus]] = {
    None: PLACED,
    S.CANCELLED: PLACED,
    S.EXPIRED: PLACED,
}


class InvitationStatus(StrEnum):
    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"  # withdrawn: delegate removed, meeting cancelled, or by staff


Inv = InvitationStatus
INVITATION_TRANSITIONS: dict[InvitationStatus | None, frozenset[InvitationStatus]] = {
    None: frozenset({Inv.SENT}),  # invited
    Inv.SENT: frozenset({Inv.ACCEPTED, Inv.DECLINED, Inv.CANCELLED}),
    Inv.ACCEPTED: frozenset(),
    Inv.DECLINED: frozenset(),
    Inv.CANCELLED: frozenset({Inv.SENT}),  # a removed delegate who is a delegate again
}


class SubscriptionStatus(StrEnum):
    AWAITING = "unconfirmed"  # double opt-in: the confirm link was sent
    ACTIVE = "active"  # confirmed: told when sign-up opens for a new date
    ENDED = "ended"  # unsubscribed (its address is gone)


SUBSCRIPTION_TRANSITIONS: dict[SubscriptionStatus | None, frozenset[SubscriptionStatus]] = {
    None: frozenset({SubscriptionStatus.AWAITING}),
    SubscriptionStatus.AWAITING: frozenset({SubscriptionStatus.ACTIVE, SubscriptionStatus.ENDED}),
    SubscriptionStatus.ACTIVE: frozenset({SubscriptionStatus.ENDED}),
    SubscriptionStatus.ENDED: frozenset(),
}

_WORDS = {
    S.PENDING: "waiting for the email address to be confirmed",
    S.CONFIRMED: "confirmed",
    S.WAITLISTED: "on the waiting list",
    S.CANCELLED: "cancelled",
    S.EXPIRED: "expired",
    S.ATTENDED: "checked in as attended",
    S.NO_SHOW: "checked in as not attended",
    InvitationStatus.SENT: "open",
    InvitationStatus.ACCEPTED: "accepted",
    InvitationStatus.DECLINED: "declined",
    SubscriptionStatus.AWAITING: "waiting for the email address to be confirmed",
    SubscriptionStatus.ACTIVE: "active",
    SubscriptionStatus.ENDED: "ended",
}
#: Every status, by its value.
_BY_VALUE = {
    **InvitationStatus._value2member_map_,
    **SubscriptionStatus._value2member_map_,
    **S._value2member_map_,
}


class Stateful(Protocol):
    status: str | None
    version: int


def describe(status: str) -> str:
    """The state in words, for sentences shown to people."""
    return _WORDS[_status(status)]


def _status(value: str) -> RegistrationStatus | InvitationStatus | SubscriptionStatus:
    return value if isinstance(value, StrEnum) else _BY_VALUE[value]


def _table(target: RegistrationStatus | InvitationStatus, signing_up: bool) -> dict:
    if isinstance(target, InvitationStatus):
        return INVITATION_TRANSITIONS
    if isinstance(target, SubscriptionStatus):
        return SUBSCRIPTION_TRANSITIONS
    return SIGN_UP_TRANSITIONS if signing_up else REGISTRATION_TRANSITIONS


def can_change(current: str | None, target: str, signing_up: bool = False) -> bool:
    target = _status(target)
    allowed = _table(target, signing_up).get(current)
    return allowed is not None and target in allowed


def check_transition(current: str | None, target: str, signing_up: bool = False) -> None:
    """Raise ``TransitionRefused`` with a plain sentence unless ``current -> target`` is allowed."""
    target = _status(target)
    if not can_change(current, target, signing_up):
        what = {RegistrationStatus: "registration", InvitationStatus: "invitation"}.get(
            type(target), "subscription"
        )
        raise TransitionRefused(
            f"This {what} is {describe(current)}; it cannot be {describe(target)} now."
        )


def advance(
    subject: Stateful, target: RegistrationStatus | InvitationStatus, signing_up: bool = False
) -> None:
    """Change a registration's or an invitation's status to ``target`` if its table allows it
    (``signing_up``: the sign-up table), and advance its version (a new one starts at 1)."""
    check_transition(subject.status, target, signing_up)
    subject.status = target
    subject.version = (subject.version or 0) + 1
