"""The public list of coming events (``/events``, and ``/`` leading there): filters by type and
spoken language, ten to a page, each with the way to sign up."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from dialog_platform.auth import public
from dialog_platform.clock import utc_now
from dialog_platform.db import request_session
from dialog_platform.locale import LANGUAGES
from dialog_platform.messaging.contracts.events import EVENT_TYPES

from .. import queries
from .messages import EVENT_TYPE_NAMES, LIST_REFUSED

PAGE_SIZE = 10
LISTED_TYPES = tuple(t for t in EVENT_TYPES if t != "round_table_meeting")


class EventListArgsSchema(Schema):
    type = fields.String(load_default=None, validate=validate.OneOf(EVENT_TYPES))
    language = fields.String(load_default=None, validate=validate.OneOf(LANGUAGES))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))


def register_event_list(blueprint: Blueprint) -> None:
    @blueprint.get("/")
    @public
    def home():
        return redirect(url_for("web.event_list", **request.args), code=302)

    @blueprint.get("/events")
    @public
    def event_list():
        raw = {k: v for k, v in request.args.items() if v != ""}
        try:
            args = EventListArgsSchema(unknown=EXCLUDE).load(raw)
        except ValidationError:
            page = render_template("registrations/refused.html", message=str(LIST_REFUSED))
            return page, 400
        events = queries.coming_events(request_session(), utc_now(), args["type"], args["language"])
        pages = max(1, -(-len(events) // PAGE_SIZE))
        number = min(args["page"], pages)
        shown = events[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        filters = {k: args[k] for k in ("type", "language") if args[k]}
        return render_template(
            "registrations/events.html",
            events=shown,
            total=len(events),
            page=number,
            pages=pages,
            filters=filters,
            types=[(t, EVENT_TYPE_NAMES[t]) for t in LISTED_TYPES],
        )
