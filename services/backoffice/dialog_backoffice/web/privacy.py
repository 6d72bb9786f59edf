"""Privacy requests (admins): erase a person everywhere, and watch each service confirm."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from .actions import saved
from .identity import apis, roles_required

blueprint = Blueprint("privacy", __name__, url_prefix="/privacy")


def person_request_pages(
    blueprint: Blueprint, kind: str, one_rule: str, requested: LazyString
) -> None:
    """The two pages of one kind of privacy request about a person, the registrations
    service's ``erasures`` or ``exports`` (admins), on ``blueprint``: at its root the form with
    the requests made so far (the template named as the blueprint, the requests as ``kind``),
    and at ``one_rule`` one request (endpoint ``show``; template and the request named as
    ``kind`` in the singular). Sent, the person's email and phone go to the service, the person
    is told it is ``requested`` and the new request's page follows; refused, the form shows why
    next to the fields."""
    one = kind.removesuffix("s")

    @blueprint.route("", methods=["GET", "POST"])
    @roles_required("admin")
    def index():
        requests = getattr(apis().registrations, kind)

        def page(errors: dict[str, list[str]]):
            listed = {kind: requests.listed()}
            template = f"backoffice/{blueprint.name}.html"
            shown = render_template(template, values=request.form, errors=errors, **listed)
            return shown, (422 if errors else 200)

        if request.method == "GET":
            return page({})
        person = {k: request.form.get(k, "").strip() or None for k in ("email", "phone")}
        return saved(
            lambda: requests.add(person),
            str(requested),
            lambda made: url_for(f"{blueprint.name}.show", request_id=made["id"]),
            page,
        )

    @blueprint.get(f"{one_rule}/<uuid:request_id>")
    @roles_required("admin")
    def show(request_id):
        shown = getattr(apis().registrations, kind).one(str(request_id))
        return render_template(f"backoffice/{one}.html", **{one: shown})


person_request_pages(
    blueprint,
    "erasures",
    "/erasures",
    _l("The erasure is requested. Each service confirms below when done."),
)
