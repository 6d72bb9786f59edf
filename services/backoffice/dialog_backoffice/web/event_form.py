"""The event form: what the fields hold, turned into the events API's JSON (its refusals come
back next to the fields through ``actions.by_row``). The rules themselves are the events
service's; here only text becomes numbers and Berlin times."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from .i18n import from_local_input, local_input, parse_instant

EVENT_TYPES = {
    "information_event": _l("Information event"),
    "evening_lecture": _l("Evening lecture"),
    "qualification_workshop": _l("Qualification workshop"),
    "round_table_meeting": _l("Round-table meeting"),
    "other": _l("Other"),
}
EVENT_STATUSES = {
    "draft": _l("Draft"),
    "published": _l("Published"),
    "cancelled": _l("Cancelled"),
    "completed": _l("Completed"),
}
EVENT_LANGUAGES = {"de": "Deutsch", "en": "English", "tr": "Türkçe", "ar": "العربية"}
CHANNELS = {"email": _l("Email"), "sms": _l("Text message (SMS)")}
REMINDER_ROWS = 3
TIMES = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")


def form_of(event: dict | None) -> dict[str, Any]:
    """The form's values for an existing event (or the defaults of a new one)."""
    event = event or {}
    venue = event.get("venue") or {}
    contact = event.get("contact") or {}
    values: dict[str, Any] = {
        "type": event.get("type", "information_event"),
        "title": event.get("title", ""),
        "description": event.get("description", ""),
        "capacity": "" if event.get("capacity") is None else str(event["capacity"]),
        "venue.name": venue.get("name", ""),
        "venue.address": venue.get("address", ""),
        "venue.accessibility_notes": venue.get("accessibility_notes", ""),
        "online_url": event.get("online_url") or "",
        "requires_email_confirmation": event.get("requires_email_confirmation", True),
        "languages": event.get("languages", ["de"]),
        "organiser": event.get("organiser", ""),
        "contact.name": contact.get("name", ""),
        "contact.email": contact.get("email") or "",
        "contact.phone": contact.get("phone") or "",
        "topics": ", ".join(event.get("topics", [])),
    }
    for name in TIMES:
        values[name] = local_input(event.get(name))
    plan = event.get("reminder_plan", [{"channel": "email", "minutes_before": 1440}])
    for index in range(REMINDER_ROWS):
        row = plan[index] if index < len(plan) else {}
        values[f"reminder_plan.{index}.channel"] = row.get("channel", "")
        minutes = row.get("minutes_before")
        values[f"reminder_plan.{index}.hours"] = "" if minutes is None else f"{minutes / 60:g}"
    return values


def values_of(form: MultiDict) -> dict[str, Any]:
    """The form as sent, for showing it again."""
    values = {key: form.get(key, "") for key in form}
    values["languages"] = form.getlist("languages")
    values["requires_email_confirmation"] = form.get("requires_email_confirmation") == "on"
    return values


def payload_of(form: MultiDict) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The API's fields from the form, and the fields that could not even be read."""
    errors: dict[str, list[str]] = {}
    text = {key: form.get(key, "").strip() for key in form}
    payload: dict[str, Any] = {
        "type": text.get("type", ""),
        "title": text.get("title", ""),
        "description": text.get("description", ""),
        "requires_email_confirmation": form.get("requires_email_confirmation") == "on",
        "languages": form.getlist("languages") or ["de"],
        "organiser": text.get("organiser", ""),
        "topics": [t.strip() for t in text.get("topics", "").split(",") if t.strip()],
        "online_url": text.get("online_url") or None,
    }
    for name in TIMES:
        try:
            payload[name] = from_local_input(text.get(name, ""))
        except ValueError:
            errors[name] = [str(_l("Please give a date and a time, e.g. 14.03.2027 18:00."))]
    if payload["starts_at"] is None:
        errors.setdefault("starts_at", [str(_l("Please give when the event starts."))])
    if payload["ends_at"] is None:
        errors.setdefault("ends_at", [str(_l("Please give when the event ends."))])
    capacity = text.get("capacity", "")
    payload["capacity"] = None
    if capacity:
        if capacity.isdigit():
            payload["capacity"] = int(capacity)
        else:
            errors["capacity"] = [str(_l("Please give the number of seats as a whole number."))]
    venue = {k: text.get(f"venue.{k}", "") for k in ("name", "address", "accessibility_notes")}
    payload["venue"] = {k: v for k, v in venue.items() if v} if venue["name"] else None
    if not venue["name"] and (venue["address"] or venue["accessibility_notes"]):
        errors["venue.name"] = [str(_l("Please give the place's name too."))]
    contact = {k: text.get(f"contact.{k}", "") for k in ("name", "email", "phone")}
    payload["contact"] = {k: v for k, v in contact.items() if v} if contact["name"] else None
    plan = []
    for index in range(REMINDER_ROWS):
        channel = text.get(f"reminder_plan.{index}.channel", "")
        hours = text.get(f"reminder_plan.{index}.hours", "").replace(",", ".")
        if not channel and not hours:
            continue
        try:
            minutes = round(float(hours) * 60)
        except ValueError:
            errors[f"reminder_plan.{index}"] = [
                str(_l("Please give how many hours before the start the reminder goes out."))
            ]
            continue
        plan.append({"channel": channel or "email", "minutes_before": minutes})
    payload["reminder_plan"] = plan
    return payload, errors


def changes_of(payload: dict[str, Any], event: dict) -> dict[str, Any]:
    """Only what differs from the event (a PATCH changes what it names)."""

    def same(name: str, value: Any) -> bool:
        if name in TIMES:
            return parse_instant(event.get(name)) == parse_instant(value)
        return event.get(name) == value

    return {k: v for k, v in payload.items() if not same(k, v)}
