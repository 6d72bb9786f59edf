"""Staff routes: announce an event to organisations of the directory."""

from __future__ import annotations

import uuid

from flask.views import MethodView

from dialog_platform.auth import current_principal
from dialog_platform.db import committed, request_session
from dialog_platform.web import api_blueprint, current_settings

from ..operations import announcements as operations
from ..queries.events import announcements_of
from .schemas.announcements import AnnouncementSchema
from .staff import PLANNERS, READERS

blp = api_blueprint(
    "announcements", "/events", "Announce an event to organisations of the directory (staff)."
)
#: What a 404 of these routes means.
NO_EVENT = "There is no event with this id."


@blp.route("/<uuid:event_id>/announcements")
class Announcements(MethodView):
    @blp.operation(READERS, 200, AnnouncementSchema(many=True), not_found=NO_EVENT)
    def get(self, event_id: uuid.UUID):
        """The event's announcements, oldest first."""
        return announcements_of(request_session(), event_id)

    @blp.operation(
        PLANNERS,
        201,
        AnnouncementSchema,
        body=AnnouncementSchema,
        not_found=NO_EVENT,
        existing="Announced before: not resent.",
    )
    @blp.alt_response(
        409,
        description="Not a published public event that is still to come, "
        "or the id was used for another event.",
    )
    def post(self, values, event_id: uuid.UUID):
        """Announce the event: its contact persons who agreed get it in their language."""
        settings = current_settings()
        values["announcement_id"] = values.pop("id")
        announcement, new = committed(
            operations.announce_event,
            event_id,
            current_principal().subject,
            settings.registrations_public_url,
            values,
        )
        return announcement, 201 if new else 200
