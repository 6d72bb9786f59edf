"""The organisations directory: search, add and change an organisation (what it offers, its
people, premises and languages, the needs assessment, recognition under § 75 SGB VIII with
its history, contact persons), archive instead of delete; the contact point's log of contacts
with an organisation, and the follow-ups that are due."""

from __future__ import annotations

import functools

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _

from dialog_platform.clock import utc_now
from dialog_platform.locale import BERLIN, LANGUAGE_NAMES

from .actions import attempt, form_sent, saved
from .identity import STAFF, apis, roles_required
from .labels import (
    ACTIVITIES,
    CONTACT_CHANNELS,
    NEED_CATEGORIES,
    NEED_STATUSES,
    ORGANISATION_KINDS,
    RECOGNITION_STATUSES,
)
from .organisation_form import (
    WORK_LANGUAGES,
    at_rows,
    form_of,
    language_names,
    payload_of,
    values_of,
)

blueprint = Blueprint("directory", __name__, url_prefix="/directory")

#: The search's filters, as the events API names them.
FILTERS = ("name", "kind", "city", "tag", "activity", "recognition")
#: What staff write of a contact (the log's entry).
CONTACT_FIELDS = ("happened_on", "channel", "topic", "notes", "contact_person_id", "follow_up_due")
VOCABULARIES = {
    "kinds": ORGANISATION_KINDS,
    "activities": ACTIVITIES,
    "need_categories": NEED_CATEGORIES,
    "need_statuses": NEED_STATUSES,
    "recognitions": RECOGNITION_STATUSES,
    "contact_channels": CONTACT_CHANNELS,
}


def _today() -> str:
    return utc_now().astimezone(BERLIN).date().isoformat()


@blueprint.get("")
def index():
    args = request.args
    filters = {name: args.get(name, "").strip() or None for name in FILTERS}
    for name, allowed in (
        ("kind", ORGANISATION_KINDS),
        ("activity", ACTIVITIES),
        ("recognition", RECOGNITION_STATUSES),
    ):
        if filters[name] not in allowed:
            filters[name] = None
    archived = args.get("archived") == "on"
    found = apis().events.organisations.listed(**filters, archived=archived or None, page_size=200)
    return render_template(
        "backoffice/organisations.html", organisations=found, args=args, **VOCABULARIES
    )


@blueprint.get("/due")
def due():
    until = request.args.get("until", "") or _today()
    return render_template(
        "backoffice/due.html",
        contacts=apis().events.due_contacts(until),
        until=until,
        today=_today(),
        **VOCABULARIES,
    )


def _form_page(organisation: dict | None, values: dict, errors: dict, status: int = 200):
    return render_template(
        "backoffice/organisation_form.html",
        organisation=organisation,
        values=values,
        errors=errors,
        work_languages=language_names(WORK_LANGUAGES),
        message_languages=LANGUAGE_NAMES,
        **VOCABULARIES,
    ), status


def _form(organisation: dict | None, send, done: str):
    """The form of ``organisation`` (None: a new one) to fill in; as sent, the organisation's
    page when the service took it, else the form again with the refusals next to their fields."""
    if request.method == "GET":
        return _form_page(organisation, form_of(organisation), {})
    again = functools.partial(_form_page, organisation, values_of(request.form), status=422)
    return form_sent(
        payload_of(request.form),
        again,
        send,
        done,
        lambda shown: url_for("directory.show", organisation_id=shown["id"]),
        lambda refused: again(at_rows(refused, request.form)),
    )


@blueprint.route("/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new():
    return _form(None, apis().events.organisations.add, _("The organisation is in the directory."))


@blueprint.route("/<uuid:organisation_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF)
def edit(organisation_id):
    organisation = apis().events.organisations.one(str(organisation_id))
    update = functools.partial(apis().events.organisations.change, str(organisation_id))
    return _form(organisation, update, _("Your changes were saved."))


def _page(organisation_id, values=None, errors=None):
    events = apis().events
    organisation = events.organisations.one(str(organisation_id))
    page = render_template(
        "backoffice/organisation.html",
        organisation=organisation,
        contacts=events.contacts(str(organisation_id)),
        people={p["id"]: p for p in organisation.get("contact_persons", [])},
        person_names={p["id"]: p["name"] for p in organisation.get("contact_persons", [])},
        spoken=language_names(organisation.get("languages", [])),
        message_languages=LANGUAGE_NAMES,
        values=values or {"happened_on": _today(), "channel": "phone"},
        errors=errors or {},
        today=_today(),
        **VOCABULARIES,
    )
    return page, (422 if errors else 200)


@blueprint.get("/<uuid:organisation_id>")
def show(organisation_id):
    return _page(organisation_id)


def _back(organisation_id, anchor: str | None = None) -> str:
    return url_for("directory.show", organisation_id=organisation_id, _anchor=anchor)


@blueprint.post("/<uuid:organisation_id>/<any(archive, restore):step>")
@roles_required(*STAFF)
def archive(organisation_id, step):
    done = {
        "archive": _(
            "The organisation is archived: it leaves lists and announcements, its history stays."
        ),
        "restore": _("The organisation is back in the directory."),
    }
    step_taken = functools.partial(apis().events.organisations.step, str(organisation_id), step)
    return attempt(_back(organisation_id), step_taken, done[step])


def contact_of(form) -> tuple[dict, dict[str, list[str]]]:
    """A contact of the log from its form (the API checks the dates and the choices)."""
    fields = {name: form.get(name, "").strip() for name in CONTACT_FIELDS}
    errors: dict[str, list[str]] = {}
    if not fields["topic"]:
        errors["topic"] = [_("Please say in a few words what it was about.")]
    if not fields["happened_on"]:
        errors["happened_on"] = [_("Please give the day of the contact.")]
    for name in ("contact_person_id", "follow_up_due"):
        fields[name] = fields[name] or None
    fields["done"] = form.get("done") == "on"
    return fields, errors


@blueprint.post("/<uuid:organisation_id>/contacts")
@roles_required(*STAFF)
def record_contact(organisation_id):
    fields, errors = contact_of(request.form)
    again = lambda refused: _page(organisation_id, request.form, refused)  # noqa: E731
    if errors:
        return again(errors)
    return saved(
        lambda: apis().events.record_contact(str(organisation_id), fields),
        _("The contact is in the log."),
        lambda _contact: _back(organisation_id, "contacts"),
        again,
    )


@blueprint.post("/<uuid:organisation_id>/contacts/<uuid:contact_id>/done")
@roles_required(*STAFF)
def contact_done(organisation_id, contact_id):
    done = request.form.get("done") != "no"
    back = request.form.get("back") == "due"
    change = functools.partial(
        apis().events.change_contact, str(organisation_id), str(contact_id), {"done": done}
    )
    return attempt(
        url_for("directory.due") if back else _back(organisation_id, "contacts"),
        change,
        _("The follow-up is done.") if done else _("The follow-up is open again."),
    )
