"""A case's status: which changes are allowed, and what each one needs.

new -> in_progress <-> on_hold; in_progress or on_hold -> resolved (with an outcome) -> closed;
a resolved or closed case can be reopened (back to in_progress) with a reason.
"""

from __future__ import annotations

import enum

from .errors import InvalidRequest, TransitionRefused


class CaseStatus(enum.StrEnum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    RESOLVED = "resolved"
    CLOSED = "closed"


class Outcome(enum.StrEnum):
    AGREEMENT = "agreement_reached"
    PARTIAL = "partial_agreement"
    NO_AGREEMENT = "no_agreement"
    REFERRED = "referred_elsewhere"


S = CaseStatus
ALLOWED: dict[CaseStatus, frozenset[CaseStatus]] = {
    S.NEW: frozenset({S.IN_PROGRESS}),
    S.IN_PROGRESS: frozenset({S.ON_HOLD, S.RESOLVED}),
    S.ON_HOLD: frozenset({S.IN_PROGRESS, S.RESOLVED}),
    S.RESOLVED: frozenset({S.CLOSED, S.IN_PROGRESS}),
    S.CLOSED: frozenset({S.IN_PROGRESS}),
}

#: Statuses in which the work goes on: sessions can be planned, parties added.
OPEN_STATUSES = frozenset({S.NEW, S.IN_PROGRESS, S.ON_HOLD})

LABELS = {
    S.NEW: "new",
    S.IN_PROGRESS: "in progress",
    S.ON_HOLD: "on hold",
    S.RESOLVED: "resolved",
    S.CLOSED: "closed",
}


def is_reopening(current: CaseStatus, target: CaseStatus) -> bool:
    return current in (S.RESOLVED, S.CLOSED) and target == S.IN_PROGRESS


def check_transition(
    current: CaseStatus,
    target: CaseStatus,
    outcome: Outcome | None = None,
    reason: str | None = None,
) -> None:
    """Raise unless ``current -> target`` is allowed with what was given."""
    if target not in ALLOWED[current]:
        raise TransitionRefused(f"A case that is {LABELS[current]} cannot become {LABELS[target]}.")
    if target == S.RESOLVED and outcome is None:
        raise InvalidRequest(
            "outcome",
            "Please give the outcome to resolve the case: agreement reached, partial "
            "agreement, no agreement or referred elsewhere.",
        )
    if target != S.RESOLVED and outcome is not None:
        raise InvalidRequest("outcome", "An outcome can only be given when resolving a case.")
    if is_reopening(current, target) and not (reason or "").strip():
        raise InvalidRequest("reason", "Please give a reason to reopen the case.")
