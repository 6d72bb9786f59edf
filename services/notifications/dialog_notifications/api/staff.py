"""Staff routes of the notifications service: the delivery log, template previews, resend."""

from __future__ import annotations

import uuid
from datetime import timedelta

from flask.views import MethodView

from dialog_platform.auth import roles_required
from dialog_platform.clock import utc_now
from dialog_platform.db import committed, request_session
from dialog_platform.locale import LANGUAGES
from dialog_platform.web import api_blueprint

from .. import queries
from ..domain.errors import DeliveryNotFound, UnknownLanguage
from ..operations.deliveries import resend
from ..rendering import render
from .schemas import DeliveryLogArgsSchema, DeliveryLogEntrySchema, DeliverySchema, PreviewSchema

blp = api_blueprint(
    "staff_notifications", "", "Delivery log, template previews and resends (staff)."
)
#: Admits the staff who run events: admin and staff.
STAFF = roles_required("admin", "staff")

SAMPLE = {
    "name": "Ayşe Yılmaz",
    "title": "Interreligiöser Gesprächsabend",
    "place": "Gemeindehaus, Hauptstraße 1, 10115 Berlin",
    "position": 3,
    "reason": "Die Referentin ist erkrankt.",
    "cancelled_by": "event_cancelled",
    "round_table_name": "Runder Tisch der Religionen",
    "organisation_name": "Beispielgemeinde e. V.",
    "case_reference": "M-2027-014",
    "old_place": "Rathaus, Saal 2",
    "confirm_url": "https://example.org/confirm/sample",
    "cancel_url": "https://example.org/cancel/sample",
    "accept_url": "https://example.org/accept/sample",
    "decline_url": "https://example.org/decline/sample",
    "stop_url": "https://example.org/stop/sample",
    "signup_url": "https://example.org/events/sample",
    "topic_title": "Abendvorträge 2027",
    "withdrawn": "meeting_cancelled",
}


@blp.route("/deliveries")
class Deliveries(MethodView):
    @blp.operation(STAFF, 200, DeliveryLogEntrySchema(many=True), query=DeliveryLogArgsSchema)
    def get(self, args):
        """The delivery log of an event or a recipient, with every attempt.

        Give an event_id, a recipient_id or a status (without any of them: 422)."""
        return queries.delivery_log(request_session(), **args)


@blp.route("/deliveries/<uuid:delivery_id>/resend")
class Resend(MethodView):
    @blp.operation(STAFF, 202, DeliverySchema)
    def post(self, delivery_id: uuid.UUID):
        """Send one message again: a copy is queued to go out now."""
        copy = committed(resend, delivery_id, utc_now())
        if copy is None:
            raise DeliveryNotFound("There is no delivery with this id.")
        return copy


@blp.route("/templates/<kind>/<language>/preview")
class Preview(MethodView):
    @blp.operation(STAFF, 200, PreviewSchema)
    def get(self, kind: str, language: str):
        """A template rendered with sample data."""
        if language not in LANGUAGES:
            raise UnknownLanguage(
                f"There are no templates in the language {language!r}; "
                f"use one of {', '.join(LANGUAGES)}."
            )
        starts = utc_now().replace(microsecond=0) + timedelta(days=7)
        values = SAMPLE | {"starts_at": starts, "old_starts_at": starts - timedelta(days=1)}
        return render(kind, language, values)
