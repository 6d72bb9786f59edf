"""Rules about an event's fields that span several of them, and what counts as a change."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .errors import InvalidEvent

#: A change of any of these is material: participants are told.
MATERIAL_FIELDS = frozenset({"starts_at", "ends_at", "venue", "online_url"})

#: When staff ask for nothing else (the programme's standard): emails a week and a day before,
#: an SMS three hours before to those who agreed to SMS. Every event message carries the plan,
#: so the notifications service knows no default of its own.
DEFAULT_REMINDER_PLAN = (
    {"channel": "email", "minutes_before": 7 * 24 * 60},
    {"channel": "email", "minutes_before": 24 * 60},
    {"channel": "sms", "minutes_before": 3 * 60},
)


def check_event(values: dict[str, Any], seats_taken: int = 0) -> None:
    """Raise ``InvalidEvent`` naming every field that breaks a rule."""
    errors: dict[str, list[str]] = {}
    starts: datetime = values["starts_at"]
    ends: datetime = values["ends_at"]
    opens: datetime | None = values.get("registration_opens_at")
    closes: datetime | None = values.get("registration_closes_at")
    if ends <= starts:
        errors["ends_at"] = ["The end must be after the start."]
    if closes is not None and closes > starts:
        errors["registration_closes_at"] = ["Registration must close no later than the start."]
    if opens is not None and opens >= (closes or starts):
        errors["registration_opens_at"] = [
            "Registration must open before it closes and before the start."
        ]
    if values.get("access") == "invitation" and values.get("type") != "round_table_meeting":
        errors["access"] = [
            "Only a round-table meeting can be by invitation; other events are public."
        ]
    capacity = values.get("capacity")
    if capacity is not None and capacity < seats_taken:
        errors["capacity"] = [
            f"The capacity cannot be lower than the {seats_taken} seats already taken."
        ]
    if errors:
        raise InvalidEvent(errors)


def default_access(event_type: str) -> str:
    """A round table's meetings are by invitation unless staff open them; others are public."""
    return "invitation" if event_type == "round_table_meeting" else "public"


def changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """The names of the fields whose value differs, and their old values."""
    changed = sorted(name for name in new if old.get(name) != new[name])
    return changed, {name: old.get(name) for name in changed}


def is_material(changed_fields: list[str]) -> bool:
    return bool(MATERIAL_FIELDS.intersection(changed_fields))
