"""Parties, the notes timeline and sessions of a case (every route @guarded)."""

from __future__ import annotations

import uuid

from flask.views import MethodView

from dialog_platform.auth import current_principal
from dialog_platform.db import committed, request_session
from dialog_platform.web import api_blueprint

from .. import queries
from ..domain.access import Action
from ..operations import sessions, timeline
from .guard import guarded
from .schemas import EntrySchema, PartySchema, SessionSchema

blp = api_blueprint("casework", "/cases/<uuid:case_id>", "Parties, notes and sessions of a case.")


@blp.route("/parties")
class Parties(MethodView):
    @blp.operation(guarded(Action.READ_PARTIES), 200, PartySchema(many=True))
    def get(self, case_id: uuid.UUID):
        """The parties with their contact channels (the read is audited)."""
        return committed(timeline.list_parties, current_principal(), case_id)

    @blp.operation(guarded(Action.MANAGE_PARTIES), 201, PartySchema, body=PartySchema)
    def post(self, fields, case_id: uuid.UUID):
        """Add an organisation (of the directory or entered here) or a person."""
        return committed(timeline.add_party, current_principal(), case_id, **fields)


@blp.route("/notes")
class Notes(MethodView):
    @blp.operation(guarded(Action.READ_NOTES), 200, EntrySchema(many=True))
    def get(self, case_id: uuid.UUID):
        """The timeline of notes and activities, oldest first (the read is audited)."""
        return committed(timeline.read_timeline, current_principal(), case_id)

    @blp.operation(guarded(Action.WRITE_NOTES), 201, EntrySchema, body=EntrySchema)
    def post(self, fields, case_id: uuid.UUID):
        """Add a note or activity; to correct one, add a new entry with ``corrects_id``."""
        return committed(timeline.add_entry, current_principal(), case_id, **fields)


@blp.route("/sessions")
class Sessions(MethodView):
    @blp.operation(guarded(Action.READ_SESSIONS), 200, SessionSchema(many=True))
    def get(self, case_id: uuid.UUID):
        """The case's sessions, earliest first."""
        return queries.list_sessions(request_session(), case_id)

    @blp.operation(guarded(Action.MANAGE_SESSIONS), 201, SessionSchema, body=SessionSchema)
    def post(self, fields, case_id: uuid.UUID):
        """Schedule a session: the parties chosen are invited by notifications."""
        return committed(sessions.schedule_session, current_principal(), case_id, **fields)


@blp.route("/sessions/<uuid:session_id>")
class SessionById(MethodView):
    @blp.operation(guarded(Action.MANAGE_SESSIONS), 200, SessionSchema, body=SessionSchema)
    def put(self, fields, case_id: uuid.UUID, session_id: uuid.UUID):
        """Reschedule: new time, place or parties; the parties are told."""
        return committed(
            sessions.reschedule_session, current_principal(), case_id, session_id, **fields
        )


@blp.route("/sessions/<uuid:session_id>/cancel")
class SessionCancel(MethodView):
    @blp.operation(guarded(Action.MANAGE_SESSIONS), 200, SessionSchema)
    def post(self, case_id: uuid.UUID, session_id: uuid.UUID):
        """Call the session off; the parties are told."""
        return committed(sessions.cancel_session, current_principal(), case_id, session_id)
