"""Privacy requests (admins): erase a person everywhere, and watch each service confirm."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _

from .actions import saved
from .identity import apis, roles_required

blueprint = Blueprint("privacy", __name__, url_prefix="/privacy")


@blueprint.route("", methods=["GET", "POST"])
@roles_required("admin")
def index():
    def page(errors: dict[str, list[str]]):
        erasures = apis().registrations.erasures()
        shown = render_template(
            "backoffice/privacy.html", erasures=erasures, values=request.form, errors=errors
        )
        return shown, (422 if errors else 200)

    if request.method == "GET":
        return page({})
    person = {k: request.form.get(k, "").strip() or None for k in ("email", "phone")}
    return saved(
        lambda: apis().registrations.request_erasure(person),
        _("The erasure is requested. Each service confirms below when done."),
        lambda erasure: url_for("privacy.erasure", request_id=erasure["id"]),
        page,
    )


@blueprint.get("/erasures/<uuid:request_id>")
@roles_required("admin")
def erasure(request_id):
    return render_template(
        "backoffice/erasure.html", erasure=apis().registrations.erasure(str(request_id))
    )
