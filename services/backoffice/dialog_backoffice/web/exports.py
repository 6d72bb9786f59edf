"""Access exports (Art. 15 GDPR, admins): ask every service what it holds about a person, watch
each answer, and download the whole as one JSON file (the services keep it for a day)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from dialog_platform.clock import utc_now

from .identity import apis, roles_required
from .privacy import person_request_pages

blueprint = Blueprint("exports", __name__, url_prefix="/privacy/exports")


person_request_pages(
    blueprint, "exports", "", _l("The access export is requested. Each service answers below.")
)


@blueprint.get("/<uuid:request_id>/download")
@roles_required("admin")
def download(request_id):
    export = apis().registrations.exports.one(str(request_id))
    if not export["complete"]:
        flash(
            _("Not every service has answered yet, so there is nothing to download yet."), "error"
        )
        return redirect(url_for("exports.show", request_id=request_id))
    body = {
        "requested_at": export["requested_at"],
        "completed_at": export["completed_at"],
        "records_by_service": export["document"],
    }
    name = f"auskunft-{utc_now():%Y-%m-%d}-{str(request_id)[:8]}.json"
    return Response(
        json.dumps(body, ensure_ascii=False, indent=2),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
