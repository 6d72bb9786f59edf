"""Public routes: published events, their detail and iCalendar files. No token needed."""

from __future__ import annotations

import uuid

from flask import Response
from flask.views import MethodView

from dialog_platform.auth import public
from dialog_platform.db import request_session
from dialog_platform.web import api_blueprint

from .. import ical
from ..queries import events as queries
from .schemas.events import (
    FeedQueryArgsSchema,
    PublicEventPageSchema,
    PublicEventQueryArgsSchema,
    PublicEventSchema,
)

blp = api_blueprint("public_events", "/public/events", "Published events, for everyone.")


@blp.route("")
class PublicEvents(MethodView):
    @blp.operation(public, 200, PublicEventPageSchema, query=PublicEventQueryArgsSchema)
    def get(self, args):
        """Published upcoming events by start: filter by type, topic, language, from/until."""
        return queries.public_events(request_session(), **args)


@blp.route("/<uuid:event_id>")
class PublicEvent(MethodView):
    @blp.operation(public, 200, PublicEventSchema)
    def get(self, event_id: uuid.UUID):
        """One published event (or one cancelled or completed after it was published)."""
        return queries.public_event(request_session(), event_id)


CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _calendar_response(body: bytes, filename: str) -> Response:
    """The iCalendar answer of the two routes below: opened in place, saved as ``filename``."""
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = CALENDAR_TYPE
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@blp.route("/<uuid:event_id>/calendar.ics")
class PublicEventCalendar(MethodView):
    @blp.operation(public, 200, description="An iCalendar file (text/calendar) with the one event.")
    def get(self, event_id: uuid.UUID):
        """The event as an iCalendar file, for a calendar app."""
        event = queries.public_event(request_session(), event_id)
        return _calendar_response(ical.calendar_of([event], event.title), f"{event.id}.ics")


@blp.route("/calendar.ics")
class PublicCalendarFeed(MethodView):
    @blp.operation(
        public,
        200,
        description="An iCalendar feed (text/calendar) of upcoming events.",
        query=FeedQueryArgsSchema,
    )
    def get(self, args):
        """All upcoming published events (optionally of one type) as a calendar feed."""
        events = queries.calendar_feed(request_session(), **args)
        return _calendar_response(
            ical.calendar_of(events, "Gemeinsam lernen im Dialog"), "events.ics"
        )
