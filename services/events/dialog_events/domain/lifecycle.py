"""An event's lifecycle: draft -> published -> cancelled or completed, nothing else."""

from __future__ import annotations

import enum
from datetime import datetime

from .errors import TransitionRefused


class EventStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"
    COMPLETED = "completed"


ALLOWED: dict[EventStatus, frozenset[EventStatus]] = {
    EventStatus.DRAFT: frozenset({EventStatus.PUBLISHED, EventStatus.CANCELLED}),
    EventStatus.PUBLISHED: frozenset({EventStatus.CANCELLED, EventStatus.COMPLETED}),
    EventStatus.CANCELLED: frozenset(),
    EventStatus.COMPLETED: frozenset(),
}


def check_transition(current: EventStatus, target: EventStatus) -> None:
    if target not in ALLOWED[current]:
        raise TransitionRefused(f"An event that is {current.value} cannot become {target.value}.")


def check_completion(status: EventStatus, ends_at: datetime, now: datetime) -> None:
    """Only a published event that has ended can be marked completed."""
    check_transition(status, EventStatus.COMPLETED)
    if ends_at > now:
        raise TransitionRefused("An event can be marked completed only after it has ended.")
