"""Staff routes of round tables: members, delegates, meetings and minutes."""

from __future__ import annotations

import uuid

from flask.views import MethodView

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
    @blp.operation(READERS, 200, RoundTableSchema(many=True))
    def get(self):
        """All round tables by name."""
        return queries.list_round_tables(request_session())

    @blp.operation(PLANNERS, 201, RoundTableSchema, body=RoundTableSchema)
    def post(self, values):
        """Create a round table."""
        return committed(operations.create_round_table, **values)


@blp.route("/<uuid:round_table_id>")
class RoundTableById(MethodView):
    @blp.operation(READERS, 200, RoundTableSchema)
    def get(self, round_table_id: uuid.UUID):
        """A round table with every membership, past and present."""
        return queries.get_round_table(request_session(), round_table_id)

    @blp.operation(PLANNERS, 200, RoundTableSchema, body=RoundTablePatchSchema(partial=True))
    def patch(self, values, round_table_id: uuid.UUID):
        """Change name, city or description."""
        return committed(operations.update_round_table, round_table_id, values)


@blp.route("/<uuid:round_table_id>/members")
class Members(MethodView):
    @blp.operation(PLANNERS, 201, MembershipSchema, body=MembershipSchema)
    def post(self, values, round_table_id: uuid.UUID):
        """An organisation of the directory joins, with its delegates."""
        return committed(
            operations.add_member, round_table_id, values["organisation_id"], values["delegates"]
        )


@blp.route("/<uuid:round_table_id>/members/<uuid:membership_id>")
class Member(MethodView):
    @blp.operation(PLANNERS, 200, MembershipSchema)
    def delete(self, round_table_id: uuid.UUID, membership_id: uuid.UUID):
        """The organisation leaves (kept in the history with the date it left)."""
        return committed(operations.remove_member, round_table_id, membership_id)


@blp.route("/<uuid:round_table_id>/members/<uuid:membership_id>/delegates")
class Delegates(MethodView):
    @blp.operation(PLANNERS, 200, MembershipSchema, body=DelegatesSchema)
    def put(self, body, round_table_id: uuid.UUID, membership_id: uuid.UUID):
        """Replace the delegates a member organisation sends."""
        return committed(
            operations.replace_delegates, round_table_id, membership_id, body["delegates"]
        )


@blp.route("/<uuid:round_table_id>/meetings")
class Meetings(MethodView):
    @blp.operation(READERS, 200, MeetingsSchema)
    def get(self, round_table_id: uuid.UUID):
        """Past and upcoming meetings, with their minutes."""
        past, upcoming = queries.meetings(request_session(), round_table_id)
        return {"past": past, "upcoming": upcoming}

    @blp.operation(PLANNERS, 201, EventSchema, body=MeetingFieldsSchema(partial=("type", "title")))
    def post(self, values, round_table_id: uuid.UUID):
        """Schedule a meeting: a published event; the current delegates are invited."""
        return committed(operations.schedule_meeting, round_table_id, values)


@blp.route("/<uuid:round_table_id>/meetings/<uuid:event_id>/minutes")
class Minutes(MethodView):
    @blp.operation(
        READERS,
        200,
        MinutesSchema,
        not_found="No such round table, or the event is not its meeting.",
    )
    def get(self, round_table_id: uuid.UUID, event_id: uuid.UUID):
        """The minutes of a meeting, as written and rendered as safe HTML."""
        return queries.meeting(request_session(), round_table_id, event_id)

    @blp.operation(PLANNERS, 200, EventSchema, body=MinutesSchema)
    def put(self, body, round_table_id: uuid.UUID, event_id: uuid.UUID):
        """Record the minutes of a meeting."""
        return committed(operations.record_minutes, round_table_id, event_id, body["minutes"])
