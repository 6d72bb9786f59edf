"""The audit trail (read only, admins), the funder's figures and the organisations directory."""

from __future__ import annotations

from flask.views import MethodView

from dialog_platform.db import request_session
from dialog_platform.web import api_blueprint, current_settings

from .. import queries
from ..domain.access import Action
from .guard import guarded
from .schemas import (
    AuditEntrySchema,
    AuditQueryArgsSchema,
    FiguresQueryArgsSchema,
    OrganisationSchema,
)

blp = api_blueprint("oversight", "", "Audit trail, figures, directory.")


@blp.route("/audit")
class AuditTrail(MethodView):
    """Read only: there is no route that changes or deletes an audit entry."""

    @blp.operation(
        guarded(Action.READ_AUDIT), 200, AuditEntrySchema(many=True), query=AuditQueryArgsSchema
    )
    def get(self, args):
        """The latest audit entries, newest first, of one case or all."""
        return queries.audit_trail(request_session(), args.get("case_id"))


@blp.route("/figures")
class Figures(MethodView):
    @blp.operation(guarded(Action.READ_FIGURES), 200, query=FiguresQueryArgsSchema)
    def get(self, args):
        """Counts by category, status, outcome and quarter, and the median days to resolution;
        counts below MEDIATION_MIN_CELL are suppressed. No names, no free text."""
        min_cell = current_settings().min_cell
        return queries.figures(request_session(), min_cell, args.get("year"))


@blp.route("/organisations")
class Organisations(MethodView):
    @blp.operation(guarded(Action.READ_ORGANISATIONS), 200, OrganisationSchema(many=True))
    def get(self):
        """The organisations directory (a copy kept from the events service's messages)."""
        return queries.organisations(request_session())
