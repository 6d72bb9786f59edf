"""Staff routes of the events service (authenticated: every role may plan events)."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from flask_smorest import Blueprint

from dialog_platform.auth import roles_required
from dialog_platform.db import request_session

from .. import operations
from .schemas import EventSchema

blp = Blueprint(
    "staff_events", __name__, url_prefix="/api/v1/events", description="Plan events (staff)."
)


@blp.route("")
class Events(MethodView):
    @roles_required("admin", "staff")
    @blp.arguments(EventSchema)
    @blp.response(201, EventSchema)
    def post(self, fields):
        """Create a draft event."""
        session = request_session()
        event = operations.create_event(session, **fields)
        session.commit()
        return event


@blp.route("/<uuid:event_id>")
class EventById(MethodView):
    @blp.response(200, EventSchema)
    def get(self, event_id: uuid.UUID):
        """One event, in any state."""
        return operations.get_event(request_session(), event_id)


@blp.route("/<uuid:event_id>/publish")
class PublishEvent(MethodView):
    @roles_required("admin", "staff")
    @blp.response(200, EventSchema)
    def post(self, event_id: uuid.UUID):
        """Publish a draft: it becomes visible and open for sign-ups."""
        session = request_session()
        event = operations.publish_event(session, event_id)
        session.commit()
        return event
