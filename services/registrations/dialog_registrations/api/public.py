"""Public routes of the registrations service (no login: participants use them)."""

from __future__ import annotations

import uuid

from flask.views import MethodView
from flask_smorest import Blueprint, abort

from dialog_platform.auth import public
from dialog_platform.db import request_session

from .. import queries
from .schemas import PublicEventSchema

blp = Blueprint(
    "public_events",
    __name__,
    url_prefix="/api/v1/public/events",
    description="Events open for sign-up.",
)


@blp.route("/<uuid:event_id>")
class OpenEvent(MethodView):
    @public
    @blp.response(200, PublicEventSchema)
    @blp.doc(security=[])
    def get(self, event_id: uuid.UUID):
        """An event open for sign-up, from this service's own copy."""
        event = queries.open_event(request_session(), event_id)
        if event is None:
            abort(404, message="This event is not open for sign-up.")
        return event
