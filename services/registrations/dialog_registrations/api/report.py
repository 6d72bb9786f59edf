"""The registrations' yearly report for the funder (authenticated: admin). Counts only."""

from __future__ import annotations

from flask.views import MethodView
from marshmallow import Schema, fields, validate

from dialog_platform.auth import roles_required
from dialog_platform.db import request_session
from dialog_platform.web import api_blueprint, current_settings

from ..queries_report import yearly_report

blp = api_blueprint(
    "reports", "/reports", "Yearly figures of events, places, participants and invitations (admin)."
)


class YearlyReportQueryArgsSchema(Schema):
    year = fields.Integer(required=True, validate=validate.Range(min=2000, max=2100))


@blp.route("/yearly")
class YearlyReport(MethodView):
    @blp.operation(roles_required("admin"), 200, query=YearlyReportQueryArgsSchema)
    def get(self, args):
        """Places offered and taken per event type and month, distinct participants (counted
        without keeping who), attendance rate, round-table invitations by answer; counts of
        people below REGISTRATIONS_MIN_CELL are suppressed. No names, no free text."""
        return yearly_report(request_session(), args["year"], current_settings().min_cell)
