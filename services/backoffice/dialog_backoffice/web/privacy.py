"""Privacy requests (admins): erase a person everywhere, and watch each service confirm."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..clients.base import Invalid
from .errors import sentence
from .event_form import field_errors
from .identity import apis, roles_required

blueprint = Blueprint("privacy", __name__, url_prefix="/privacy")


def ask_about_person(ask: Callable[[dict], dict], done: str, shown_at: str):
    """A privacy form sent: the person's email and phone to ``ask``; a redirect to the new
    request's page (endpoint ``shown_at``), or None and the refusal per field."""
    person = {k: request.form.get(k, "").strip() or None for k in ("email", "phone")}
    try:
        made = ask(person)
    except Invalid as error:
        return None, field_errors(error.errors) or {"_schema": [sentence(error)]}
    flash(done, "success")
    return redirect(url_for(shown_at, request_id=made["id"])), {}


@blueprint.route("", methods=["GET", "POST"])
@roles_required("admin")
def index():
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        done, errors = ask_about_person(
            apis().registrations.request_erasure,
            _("The erasure is requested. Each service confirms below when done."),
            "privacy.erasure",
        )
        if done:
            return done
    return render_template(
        "backoffice/privacy.html",
        erasures=apis().registrations.erasures(),
        values=request.form,
        errors=errors,
    ), (422 if errors else 200)


@blueprint.get("/erasures/<uuid:request_id>")
@roles_required("admin")
def erasure(request_id):
    return render_template(
        "backoffice/erasure.html", erasure=apis().registrations.erasure(str(request_id))
    )
