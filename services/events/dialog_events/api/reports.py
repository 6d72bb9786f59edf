"""The funder's yearly report of the events service (admin only)."""

from __future__ import annotations

from flask.views import MethodView

from dialog_platform.auth import roles_required
from dialog_platform.db import request_session
from dialog_platform.web import api_blueprint, current_settings

from ..queries import reports as queries
from .schemas.reports import YearArgsSchema, YearlyReportSchema

blp = api_blueprint("reports", "/reports", "Figures for the funder, without personal data (admin).")


@blp.route("/yearly")
class YearlyReport(MethodView):
    @blp.operation(roles_required("admin"), 200, YearlyReportSchema, query=YearArgsSchema)
    def get(self, args):
        """Events held by type and month (Berlin), places offered, round-table meetings held,
        organisations reached (a round-table member with a delegate, or a recorded contact,
        that year) and contacts at the contact point by channel. Counts of organisations and
        contacts below EVENTS_MIN_CELL are suppressed."""
        return queries.yearly(request_session(), args["year"], current_settings().min_cell)
