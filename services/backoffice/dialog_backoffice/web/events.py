"""Events: the list with filters, create and edit (errors next to the fields), publish, move,
cancel with a reason, complete."""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import Blueprint, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .actions import attempt, by_row, form_sent
from .event_form import (
    CHANNELS,
    EVENT_LANGUAGES,
    EVENT_STATUSES,
    EVENT_TYPES,
    REMINDER_ROWS,
    changes_of,
    form_of,
    payload_of,
    values_of,
)
from .i18n import from_local_input, parse_instant
from .identity import STAFF, apis, roles_required

blueprint = Blueprint("events", __name__, url_prefix="/events")

#: The steps of an event that need no details, and what the person is told.
STEPS = {
    "publish": _l("The event is published: people can now sign up."),
    "complete": _l("The event is marked as completed."),
}


def _form_page(event: dict | None, values: dict, errors: dict, status: int = 200):
    return render_template(
        "backoffice/event_form.html",
        event=event,
        values=values,
        errors=by_row(errors, ("reminder_plan",)),
        types=EVENT_TYPES,
        event_languages=EVENT_LANGUAGES,
        channels=CHANNELS,
        reminder_rows=REMINDER_ROWS,
    ), status


def _filtered(events: list[dict], args) -> list[dict]:
    text = args.get("q", "").strip().lower()
    kind = args.get("type", "")
    start = from_local_input(args.get("from", "") + "T00:00") if args.get("from") else None
    end = from_local_input(args.get("until", "") + "T23:59") if args.get("until") else None
    return [
        e
        for e in events
        if (not text or text in e["title"].lower())
        and (not kind or e["type"] == kind)
        and (not start or parse_instant(e["starts_at"]) >= parse_instant(start))
        and (not end or parse_instant(e["starts_at"]) <= parse_instant(end))
    ]


@blueprint.get("")
def index():
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and int(page) > 0 else 1
    status = request.args.get("status") if request.args.get("status") in EVENT_STATUSES else None
    try:
        listed = apis().events.events.listed(status=status, page=page, page_size=50)
        events = _filtered(listed, request.args)
    except ValueError:  # a date filter that is not a date
        listed, events = [], []
        flash(_("Please give the dates of the filter as dates."), "error")
    return render_template(
        "backoffice/events.html",
        events=events,
        page=page,
        more=len(listed) == 50,
        types=EVENT_TYPES,
        statuses=EVENT_STATUSES,
        args=request.args,
    )


def _form(event: dict | None, send: Callable[[dict], dict], done: str):
    """The form of ``event`` (None: a new one) to fill in; as sent, the event's page when the
    service took it, else the form again with the refusals next to their fields."""
    if request.method == "GET":
        return _form_page(event, form_of(event), {})
    again = functools.partial(_form_page, event, values_of(request.form), status=422)
    shown_at = lambda saved_event: url_for("events.show", event_id=saved_event["id"])  # noqa: E731
    return form_sent(payload_of(request.form), again, send, done, shown_at)


@blueprint.route("/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def create():
    done = _("The event was saved as a draft. Publish it when it is ready.")
    return _form(None, apis().events.events.add, done)


@blueprint.get("/<uuid:event_id>")
def show(event_id):
    event = apis().events.events.one(str(event_id))
    return render_template(
        "backoffice/event.html",
        event=event,
        types=EVENT_TYPES,
        statuses=EVENT_STATUSES,
        channels=CHANNELS,
    )


@blueprint.route("/<uuid:event_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF)
def edit(event_id):
    event = apis().events.events.one(str(event_id))
    update = lambda payload: apis().events.events.change(str(event_id), changes_of(payload, event))  # noqa: E731
    return _form(event, update, _("Your changes were saved."))


def _act(event_id, action, done: str, lacking: str | None = None):
    """Run an action on the event; its refusal is shown as a sentence on the event's page."""
    return attempt(url_for("events.show", event_id=event_id), action, done, lacking)


@blueprint.post("/<uuid:event_id>/<any(publish, complete):step>")
@roles_required(*STAFF)
def step(event_id, step):
    return _act(event_id, lambda: apis().events.events.step(str(event_id), step), str(STEPS[step]))


@blueprint.post("/<uuid:event_id>/move")
@roles_required(*STAFF)
def move(event_id):
    try:
        times = {
            "starts_at": from_local_input(request.form.get("starts_at", "")),
            "ends_at": from_local_input(request.form.get("ends_at", "")),
        }
    except ValueError:
        times = {}
    return _act(
        event_id,
        lambda: apis().events.events.change(str(event_id), times),
        _("The event was moved. Everyone registered is told the new time."),
        None
        if times and all(times.values())
        else _("Please give the new start and end as a date and a time."),
    )


@blueprint.post("/<uuid:event_id>/cancel")
@roles_required(*STAFF)
def cancel(event_id):
    reason = request.form.get("reason", "").strip()
    return _act(
        event_id,
        lambda: apis().events.events.step(str(event_id), "cancel", {"reason": reason}),
        _("The event is cancelled. Everyone registered is told why."),
        None if reason else _("Please give a reason: it is told to everyone registered."),
    )
