"""The registrations' yearly figures for the funder (pure rules, no I/O): places offered and
taken per event type and month, distinct participants, attendance rate, round-table
invitations and their answers. Counts of people below ``min_cell`` are suppressed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from dialog_platform.figures import safe_total, suppress

from .states import RegistrationStatus as S

#: Registrations that took a place at an event (a participant, whether they came or not).
COUNTED = frozenset({S.CONFIRMED, S.ATTENDED, S.NO_SHOW})


@dataclass(frozen=True)
class HeldEvent:
    type: str
    #: "2027-03": the month it started in, Berlin time.
    month: str
    #: Seats; None: unlimited.
    capacity: int | None
    #: Registrations that took a place.
    taken: int


def yearly_figures(
    year: int,
    events: list[HeldEvent],
    participants: int,
    attendance: Counter,
    invitations: Counter,
    min_cell: int,
) -> dict:
    """``attendance``: attended and no_show counts; ``invitations``: counts by status."""
    cells: dict[str, dict] = {}
    for event in events:
        cell = cells.setdefault(
            f"{event.type}/{event.month}",
            {"type": event.type, "month": event.month, "events": 0, "places_offered": 0},
        )
        cell["events"] += 1
        cell["unlimited_events"] = cell.get("unlimited_events", 0) + (event.capacity is None)
        cell["places_offered"] += event.capacity or 0
        cell["taken"] = cell.get("taken", 0) + event.taken
    taken = {key: cell.pop("taken") for key, cell in sorted(cells.items())}
    for shown in suppress(taken, min_cell):
        cells[shown["key"]] |= {"places_taken": shown["count"], "suppressed": shown["suppressed"]}
    came, absent = attendance.get(S.ATTENDED, 0), attendance.get(S.NO_SHOW, 0)
    checked = came + absent
    answers = {s: invitations.get(s, 0) for s in ("sent", "accepted", "declined", "cancelled")}
    return {
        "year": year,
        "min_cell": min_cell,
        "by_type_and_month": [cells[key] for key in sorted(cells)],
        "places_offered": sum(e.capacity or 0 for e in events),
        "places_taken": safe_total(sum(taken.values()), min_cell),
        "participants": safe_total(participants, min_cell),
        "attendance": {
            "attended": safe_total(came, min_cell),
            "no_show": safe_total(absent, min_cell),
            "rate": round(came / checked, 3) if checked >= min_cell else None,
        },
        "invitations": {
            "total": safe_total(sum(answers.values()), min_cell),
            "by_status": [
                {"status": c["key"], "count": c["count"], "suppressed": c["suppressed"]}
                for c in suppress(answers, min_cell)
            ],
        },
    }
