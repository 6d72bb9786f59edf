"""Cases: open, list, see, edit, assign mediators, change status (every route @guarded)."""

from __future__ import annotations

import uuid

from flask.views import MethodView

from dialog_platform.auth import current_principal
from dialog_platform.db import committed, request_session
from dialog_platform.web import api_blueprint

from .. import queries
from ..domain.access import Action
from ..operations import cases
from .guard import guarded
from .schemas import (
    CaseEditSchema,
    CaseQueryArgsSchema,
    CaseSchema,
    CaseSummarySchema,
    MediatorsSchema,
    TransitionSchema,
)

blp = api_blueprint("cases", "/cases", "Mediation cases (confidential).")


@blp.route("")
class Cases(MethodView):
    @blp.operation(
        guarded(Action.LIST_CASES), 200, CaseSummarySchema(many=True), query=CaseQueryArgsSchema
    )
    def get(self, args):
        """Cases you may see (a mediator: the ones assigned to them), newest first."""
        return queries.list_cases(request_session(), current_principal(), args.get("status"))

    @blp.operation(guarded(Action.OPEN_CASE), 201, CaseSummarySchema, body=CaseSchema)
    def post(self, fields):
        """Open a case. A mediator who opens it is assigned to it."""
        return committed(cases.open_case, current_principal(), **fields)


@blp.route("/<uuid:case_id>")
class CaseById(MethodView):
    @blp.operation(guarded(Action.VIEW_STATUS), 200, CaseSummarySchema)
    def get(self, case_id: uuid.UUID):
        """That the case exists, and its status (no details, parties or notes)."""
        return queries.get_case(request_session(), case_id)

    @blp.operation(guarded(Action.EDIT_CASE), 200, CaseSchema, body=CaseEditSchema)
    def patch(self, changes, case_id: uuid.UUID):
        """Change the title, category, priority or description."""
        return committed(cases.edit_case, current_principal(), case_id, **changes)


@blp.route("/<uuid:case_id>/details")
class CaseDetails(MethodView):
    @blp.operation(guarded(Action.READ_DETAILS), 200, CaseSchema)
    def get(self, case_id: uuid.UUID):
        """The case with its description and requester (the read is audited)."""
        return committed(cases.read_details, current_principal(), case_id)


@blp.route("/<uuid:case_id>/mediators")
class CaseMediators(MethodView):
    @blp.operation(guarded(Action.ASSIGN_MEDIATORS), 200, CaseSummarySchema, body=MediatorsSchema)
    def put(self, body, case_id: uuid.UUID):
        """Set the mediators of the case (their token subject and display name)."""
        return committed(cases.assign_mediators, current_principal(), case_id, body["mediators"])


@blp.route("/<uuid:case_id>/status")
class CaseStatusChange(MethodView):
    @blp.operation(guarded(Action.CHANGE_STATUS), 200, CaseSummarySchema, body=TransitionSchema)
    def post(self, body, case_id: uuid.UUID):
        """Move the case on: resolving needs an outcome, reopening needs a reason."""
        return committed(cases.change_status, current_principal(), case_id, **body)
