"""Privacy requests (admins): erase a person everywhere, and watch each service confirm."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _

from .actions import saved
from .identity import apis, roles_required

blueprint = Blueprint("privacy", __name__, url_prefix="/privacy")


def person_request_page(
    ask: Callable[[dict], dict], done: str, shown_at: str, template: str, listed: Callable
):
    """A privacy request's form page: sent, the person's email and phone go to ``ask`` and the
    new request's page (endpoint ``shown_at``) follows; refused, the form shows why next to the
    fields. ``listed()`` gives the template the requests made so far."""

    def page(errors: dict[str, list[str]]):
        shown = render_template(template, values=request.form, errors=errors, **listed())
        return shown, (422 if errors else 200)

    if request.method == "GET":
        return page({})
    person = {k: request.form.get(k, "").strip() or None for k in ("email", "phone")}
    return saved(
        lambda: ask(person),
        done,
        lambda made: url_for(shown_at, request_id=made["id"]),
        page,
    )


@blueprint.route("", methods=["GET", "POST"])
@roles_required("admin")
def index():
    registrations = apis().registrations
    return person_request_page(
        registrations.request_erasure,
        _("The erasure is requested. Each service confirms below when done."),
        "privacy.erasure",
        "backoffice/privacy.html",
        lambda: {"erasures": registrations.erasures()},
    )


@blueprint.get("/erasures/<uuid:request_id>")
@roles_required("admin")
def erasure(request_id):
    return render_template(
        "backoffice/erasure.html", erasure=apis().registrations.erasure(str(request_id))
    )
