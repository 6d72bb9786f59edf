"""Staff routes of round tables: members, delegates, meetings and minutes."""

from __future__ import annotations

import uuid

from flask.views import MethodView

from dialog_platform.auth import roles_required
from dialog_platform.db import committed, request_session
from dialog_platform.web import api_blueprint

from ..operations import round_tables as operations
from ..queries import round_tables as queries
from .schemas.events import EventSchema
from .schemas.round_tables import (
    DelegatesSchema,
    MeetingFieldsSchema,
    MeetingsSchema,
    MembershipSchema,
    MinutesSchema,
    RoundTablePatchSchema,
    RoundTableSchema,
)
from .staff import PLANNERS, READERS

blp = api_blueprint(
    "round_tables", "/round-tables", "Round tables, their members and meetings (staff)."
)


@blp.route("")
class RoundTables(MethodView):
    @roles_required(*READERS)
    @blp.response(200, RoundTableSchema(many=True))
    def get(self):
        """All round tables by name."""
        return queries.list_round_tables(request_session())

    @roles_required(*PLANNERS)
    @blp.arguments(RoundTableSchema)
    @blp.response(201, RoundTableSchema)
    def post(self, values):
        """Create a round table."""
        return committed(operations.create_round_table, **values)


@blp.route("/<uuid:round_table_id>")
class RoundTableById(MethodView):
    @roles_required(*READERS)
    @blp.response(200, RoundTableSchema)
    def get(self, round_table_id: uuid.UUID):
        """A round table with every membership, past and present."""
        return queries.get_round_table(request_session(), round_table_id)

    @roles_required(*PLANNERS)
    @blp.arguments(RoundTablePatchSchema(partial=True))
    @blp.response(200, RoundTableSchema)
    def patch(self, values, round_table_id: uuid.UUID):
        """Change name, city or description."""
        return committed(operations.update_round_table, round_table_id, values)


@blp.route("/<uuid:round_table_id>/members")
class Members(MethodView):
    @roles_required(*PLANNERS)
    @blp.arguments(MembershipSchema)
    @blp.response(201, MembershipSchema)
    def post(self, values, round_table_id: uuid.UUID):
        """An organisation of the directory joins, with its delegates."""
        return committed(
            operations.add_member, round_table_id, values["organisation_id"], values["delegates"]
        )


@blp.route("/<uuid:round_table_id>/members/<uuid:membership_id>")
class Member(MethodView):
    @roles_required(*PLANNERS)
    @blp.response(200, MembershipSchema)
    def delete(self, round_table_id: uuid.UUID, membership_id: uuid.UUID):
        """The organisation leaves (kept in the history with the date it left)."""
        return committed(operations.remove_member, round_table_id, membership_id)


@blp.route("/<uuid:round_table_id>/members/<uuid:membership_id>/delegates")
class Delegates(MethodView):
    @roles_required(*PLANNERS)
    @blp.arguments(DelegatesSchema)
    @blp.response(200, MembershipSchema)
    def put(self, body, round_table_id: uuid.UUID, membership_id: uuid.UUID):
        """Replace the delegates a member organisation sends."""
        return committed(
            operations.replace_delegates, round_table_id, membership_id, body["delegates"]
        )


@blp.route("/<uuid:round_table_id>/meetings")
class Meetings(MethodView):
    @roles_required(*READERS)
    @blp.response(200, MeetingsSchema)
    def get(self, round_table_id: uuid.UUID):
        """Past and upcoming meetings, with their minutes."""
        past, upcoming = queries.meetings(request_session(), round_table_id)
        return {"past": past, "upcoming": upcoming}

    @roles_required(*PLANNERS)
    @blp.arguments(MeetingFieldsSchema(partial=("type", "title")))
    @blp.response(201, EventSchema)
    def post(self, values, round_table_id: uuid.UUID):
        """Schedule a meeting: a published event; the current delegates are invited."""
        return committed(operations.schedule_meeting, round_table_id, values)


@blp.route("/<uuid:round_table_id>/meetings/<uuid:event_id>/minutes")
class Minutes(MethodView):
    @roles_required(*READERS)
    @blp.response(200, MinutesSchema)
    @blp.alt_response(404, description="No such round table, or the event is not its meeting.")
    def get(self, round_table_id: uuid.UUID, event_id: uuid.UUID):
        """The minutes of a meeting, as written and rendered as safe HTML."""
        return queries.meeting(request_session(), round_table_id, event_id)

    @roles_required(*PLANNERS)
    @blp.arguments(MinutesSchema)
    @blp.response(200, EventSchema)
    def put(self, body, round_table_id: uuid.UUID, event_id: uuid.UUID):
        """Record the minutes of a meeting."""
        return committed(operations.record_minutes, round_table_id, event_id, body["minutes"])
