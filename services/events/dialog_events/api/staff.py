"""Staff routes for events: admin and staff plan events; a mediator may read them."""

from __future__ import annotations

import uuid

from flask.views import MethodView

from dialog_platform.auth import roles_required
from dialog_platform.db import committed, request_session
from dialog_platform.web import api_blueprint

from ..operations import events as operations
from ..queries import events as queries
from .schemas.events import CancelSchema, EventPatchSchema, EventSchema, StaffEventQueryArgsSchema

#: Admits the staff who plan events (and round tables, the directory, the contact log).
PLANNERS = roles_required("admin", "staff")
#: Admits them and mediators, who may read what they plan.
READERS = roles_required("admin", "staff", "mediator")

blp = api_blueprint("staff_events", "/events", "Plan events (staff).")


@blp.route("")
class Events(MethodView):
    @blp.operation(READERS, 200, EventSchema(many=True), query=StaffEventQueryArgsSchema)
    def get(self, args):
        """Events in any state, latest start first."""
        return queries.staff_events(request_session(), **args)

    @blp.operation(PLANNERS, 201, EventSchema, body=EventSchema)
    def post(self, fields):
        """Create a draft event."""
        return committed(operations.create_event, **fields)


@blp.route("/<uuid:event_id>")
class EventById(MethodView):
    @blp.operation(READERS, 200, EventSchema)
    def get(self, event_id: uuid.UUID):
        """One event, in any state."""
        return queries.get_event(request_session(), event_id)

    @blp.operation(PLANNERS, 200, EventSchema, body=EventPatchSchema(partial=True))
    def patch(self, changes, event_id: uuid.UUID):
        """Change an event. A published one gets a new version, and the others are told
        which fields changed (a change of time or place is marked material)."""
        return committed(operations.update_event, event_id, changes)


@blp.route("/<uuid:event_id>/publish")
class PublishEvent(MethodView):
    @blp.operation(PLANNERS, 200, EventSchema)
    def post(self, event_id: uuid.UUID):
        """Publish a draft: it becomes visible and open for sign-ups."""
        return committed(operations.publish_event, event_id)


@blp.route("/<uuid:event_id>/cancel")
class CancelEvent(MethodView):
    @blp.operation(PLANNERS, 200, EventSchema, body=CancelSchema)
    def post(self, body, event_id: uuid.UUID):
        """Cancel a draft or published event; the reason is told to every participant."""
        return committed(operations.cancel_event, event_id, body["reason"])


@blp.route("/<uuid:event_id>/complete")
class CompleteEvent(MethodView):
    @blp.operation(PLANNERS, 200, EventSchema)
    def post(self, event_id: uuid.UUID):
        """Mark a published event completed, once it has ended."""
        return committed(operations.complete_event, event_id)
