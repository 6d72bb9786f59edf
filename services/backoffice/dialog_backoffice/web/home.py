"""The start page: the coming weeks' events with seats taken, capacity and waiting list, seats
held for an email confirmation that run out soon, and deliveries that failed."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, render_template

from dialog_platform.clock import utc_now

from .event_form import CHANNELS
from .i18n import parse_instant
from .identity import apis
from .labels import MESSAGE_KINDS
from .parts import part

blueprint = Blueprint("home", __name__)

#: How far ahead the start page looks, and how soon a hold must run out to be listed.
AHEAD = timedelta(weeks=4)
HOLDS_WITHIN = timedelta(hours=24)


def _coming_events() -> list[dict]:
    now = utc_now()
    events = apis().events.events.listed(status="published", page_size=200)
    coming = [e for e in events if now <= parse_instant(e["starts_at"]) <= now + AHEAD]
    return sorted(coming, key=lambda e: e["starts_at"])


def _with_seats(events: list[dict]) -> list[dict]:
    registrations = apis().registrations
    return [event | {"seats": registrations.counts(event["id"])} for event in events]


def _holds(events: list[dict]) -> list[dict]:
    now = utc_now()
    holds = []
    for event in events:
        for held in apis().registrations.registrations(event["id"], status="pending"):
            until = parse_instant(held.get("hold_until"))
            if until and until <= now + HOLDS_WITHIN:
                holds.append(held | {"event": event})
    return sorted(holds, key=lambda h: h["hold_until"])


@blueprint.get("/")
def index():
    events = part(_coming_events, [])
    seats = part(lambda: _with_seats(events.value), []) if events.ok else events
    holds = part(lambda: _holds(events.value), []) if events.ok else events
    failed = part(lambda: apis().notifications.deliveries(status="failed"), [])
    return render_template(
        "backoffice/home.html",
        events=events,
        seats=seats,
        holds=holds,
        failed=failed,
        delivery_kinds=MESSAGE_KINDS,
        delivery_channels=CHANNELS,
    )
