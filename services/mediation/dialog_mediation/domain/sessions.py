"""A mediation session's status and the changes between them (pure rules, no I/O).

``advance`` is the one way a session's status changes: it checks the table and gives the new
status and the next version. The use case writes them with an UPDATE conditional on the status
and version it read, so of two concurrent changes of one session only the first applies.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Protocol

from .errors import TransitionRefused


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


S = SessionStatus

#: Current status (None: the session is being scheduled) -> the statuses a change may leave it
#: in. Rescheduling (a new time, place or parties) keeps a session scheduled; a cancelled session
#: is not changed again (the parties were told it is off; a new meeting is a new session).
TRANSITIONS: dict[SessionStatus | None, frozenset[SessionStatus]] = {
    None: frozenset({S.SCHEDULED}),  # scheduled
    S.SCHEDULED: frozenset({S.SCHEDULED, S.CANCELLED}),  # rescheduled, cancelled
    S.CANCELLED: frozenset(),
}

#: What staff read when a change is refused.
_REFUSALS = {
    (S.CANCELLED, S.SCHEDULED): "A cancelled session cannot be rescheduled.",
    (S.CANCELLED, S.CANCELLED): "This session is already cancelled.",
}


class Stateful(Protocol):
    status: str
    version: int


def can_change(current: SessionStatus | None, target: SessionStatus) -> bool:
    return target in TRANSITIONS[current]


def advance(subject: Stateful | None, target: SessionStatus) -> dict[str, Any]:
    """The ``status`` and ``version`` that move ``subject`` (None: a session being scheduled)
    to ``target``, if the table allows it; else ``TransitionRefused`` with a plain sentence."""
    current = None if subject is None else SessionStatus(subject.status)
    if not can_change(current, target):
        refusal = _REFUSALS.get((current, target), f"This session cannot become {target} now.")
        raise TransitionRefused(refusal)
    return {"status": target, "version": (0 if subject is None else subject.version) + 1}
