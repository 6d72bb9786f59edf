"""Round tables: the list; a round table with its member organisations and their delegates, the
history of joining and leaving, members and delegates added and removed; its meetings, one
scheduled; a meeting with its minutes (rendered by the events service) and the invitations
with their answers (registrations), one sent again, one more person invited."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from dialog_platform.locale import LANGUAGE_NAMES
from dialog_platform.personal import InvalidPhone, normalise_phone

from ..clients.base import NotFound
from .actions import attempt, saved
from .event_form import CHANNELS
from .i18n import from_local_input, parse_instant
from .identity import STAFF, apis, current_person, roles_required
from .labels import INVITATION_STATES
from .parts import Part, part

blueprint = Blueprint("round_tables", __name__, url_prefix="/round-tables")

#: What staff write of a delegate (a form's fields are ``delegate.<name>``).
DELEGATE_FIELDS = ("name", "role", "email", "phone", "language")
#: What the meeting's page calls the invitations' states, channels and languages.
MEETING_LABELS = {
    "states": INVITATION_STATES,
    "channels": CHANNELS,
    "message_languages": LANGUAGE_NAMES,
}
#: What staff write of one more person to invite.
INVITEE_FIELDS = ("name", "email", "phone", "language", "organisation_name")


def phone_of(raw: str) -> str | None:
    """A phone number as people write it, in E.164; ValueError when it is not one."""
    if not raw:
        return None
    try:
        return normalise_phone(raw)
    except InvalidPhone:
        raise ValueError(raw) from None


def delegate_of(form: MultiDict) -> tuple[dict | None, dict[str, list[str]]]:
    """The delegate the form names (None: the form names nobody), and what is wrong with it."""
    text = {name: form.get(f"delegate.{name}", "").strip() for name in DELEGATE_FIELDS}
    if not any(text[name] for name in ("name", "role", "email", "phone")):
        return None, {}
    errors: dict[str, list[str]] = {}
    if not text["name"]:
        errors["delegate.name"] = [_("Please give the delegate's name.")]
    try:
        phone = phone_of(text["phone"])
    except ValueError:
        phone = None
        errors["delegate.phone"] = [
            _("Please give a mobile number we can send a text message to, e.g. 0151 23456789.")
        ]
    if not text["email"] and not text["phone"]:
        errors["delegate.email"] = [
            _("Please give an email address or a mobile number: the invitations go there.")
        ]
    delegate = {
        "name": text["name"],
        "role": text["role"],
        "email": text["email"] or None,
        "phone": phone,
        "language": text["language"] if text["language"] in LANGUAGE_NAMES else "de",
    }
    return delegate, errors


def as_sent(delegates: list[dict]) -> list[dict]:
    """Delegates as the service shows them, as it takes them (it gives each its id)."""
    return [{name: d.get(name) for name in DELEGATE_FIELDS} for d in delegates]


def delegate_errors(errors: dict[str, list[str]], index: int) -> dict[str, list[str]]:
    """The service's refusal of delegate ``index`` at the fields of the delegate form."""
    inner = f"delegates.{index}."
    return {
        (f"delegate.{key[len(inner) :]}" if key.startswith(inner) else key): sentences
        for key, sentences in errors.items()
    }


def meeting_of(form: MultiDict) -> tuple[dict, dict[str, list[str]]]:
    """A meeting's fields from the scheduling form (title and type: the round table's)."""
    text = {key: form.get(key, "").strip() for key in form}
    errors: dict[str, list[str]] = {}
    fields: dict = {"access": "public" if form.get("public") == "on" else "invitation"}
    for name in ("starts_at", "ends_at"):
        try:
            fields[name] = from_local_input(text.get(name, ""))
        except ValueError:
            fields[name] = None
        if fields[name] is None:
            errors[name] = [_("Please give a date and a time, e.g. 14.03.2027 18:00.")]
    if text.get("title"):
        fields["title"] = text["title"]
    if text.get("description"):
        fields["description"] = text["description"]
    if text.get("online_url"):
        fields["online_url"] = text["online_url"]
    if text.get("venue.name"):
        fields["venue"] = {"name": text["venue.name"]}
        if text.get("venue.address"):
            fields["venue"]["address"] = text["venue.address"]
    elif text.get("venue.address"):
        errors["venue.name"] = [_("Please give the place's name too.")]
    return fields, errors


def _memberships(round_table: dict) -> tuple[list[dict], list[dict]]:
    """(current members by name, the whole history by the day they joined)."""
    memberships = round_table.get("memberships") or []
    current = sorted(
        (m for m in memberships if not m.get("left_at")), key=lambda m: m["organisation_name"]
    )
    history = sorted(memberships, key=lambda m: parse_instant(m["joined_at"]))
    return current, history


def _membership(round_table: dict, membership_id) -> dict:
    current, _history = _memberships(round_table)
    found = [m for m in current if m["id"] == str(membership_id)]
    if not found:
        abort(404)
    return found[0]


@blueprint.get("")
def index():
    return _list_page({})


@blueprint.post("")
@roles_required(*STAFF)
def create():
    fields = {key: request.form.get(key, "").strip() for key in ("name", "city", "description")}
    if not fields["name"]:
        return _list_page({"name": [_("Please give the round table a name.")]})
    return saved(
        lambda: apis().events.round_tables.add(fields),
        _("The round table is created. Now add its members."),
        lambda table: url_for("round_tables.show", round_table_id=table["id"]),
        _list_page,
    )


def _list_page(errors: dict[str, list[str]]):
    tables = apis().events.round_tables.listed()
    for table in tables:
        table["members"] = _memberships(table)[0]
    values = request.form if request.method == "POST" else {}
    page = render_template(
        "backoffice/round_tables.html", round_tables=tables, values=values, errors=errors
    )
    return page, (422 if errors else 200)


def _page(round_table_id, form: str = "", values=None, errors=None):
    """The round table's page; ``form``: the form sent, shown again with ``errors``."""
    events = apis().events
    round_table = events.round_tables.one(str(round_table_id))
    current, history = _memberships(round_table)
    meetings = events.meetings(str(round_table_id))
    members = {m["organisation_id"] for m in current}
    joinable = part(lambda: events.organisations.listed(page_size=200), [])
    page = render_template(
        "backoffice/round_table.html",
        round_table=round_table,
        current=current,
        history=history,
        meetings=meetings,
        joinable={o["id"]: o["name"] for o in joinable.value or [] if o["id"] not in members},
        form=form,
        values=values or {},
        errors=errors or {},
        message_languages=LANGUAGE_NAMES,
    )
    return page, (422 if errors else 200)


@blueprint.get("/<uuid:round_table_id>")
def show(round_table_id):
    return _page(round_table_id)


def _back(round_table_id) -> str:
    return url_for("round_tables.show", round_table_id=round_table_id)


@blueprint.post("/<uuid:round_table_id>")
@roles_required(*STAFF)
def edit(round_table_id):
    fields = {key: request.form.get(key, "").strip() for key in ("name", "city", "description")}
    if not fields["name"]:
        errors = {"name": [_("Please give the round table a name.")]}
        return _page(round_table_id, "edit", request.form, errors)
    return saved(
        lambda: apis().events.round_tables.change(str(round_table_id), fields),
        _("Your changes were saved."),
        lambda _table: _back(round_table_id),
        lambda refused: _page(round_table_id, "edit", request.form, refused),
    )


@blueprint.post("/<uuid:round_table_id>/members")
@roles_required(*STAFF)
def add_member(round_table_id):
    organisation_id = request.form.get("organisation_id", "")
    delegate, errors = delegate_of(request.form)
    if not organisation_id:
        errors["organisation_id"] = [_("Please choose the organisation that joins.")]
    again = lambda refused: _page(round_table_id, "member", request.form, refused)  # noqa: E731
    if errors:
        return again(errors)
    delegates = [delegate] if delegate else []
    return saved(
        lambda: apis().events.add_member(str(round_table_id), organisation_id, delegates),
        _("The organisation is now a member."),
        lambda _membership: _back(round_table_id),
        lambda refused: again(delegate_errors(refused, 0)),
    )


@blueprint.post("/<uuid:round_table_id>/members/<uuid:membership_id>/leave")
@roles_required(*STAFF)
def remove_member(round_table_id, membership_id):
    return attempt(
        _back(round_table_id),
        lambda: apis().events.remove_member(str(round_table_id), str(membership_id)),
        _("The organisation has left the round table; its open invitations are withdrawn."),
    )


@blueprint.post("/<uuid:round_table_id>/members/<uuid:membership_id>/delegates")
@roles_required(*STAFF)
def add_delegate(round_table_id, membership_id):
    events = apis().events
    membership = _membership(events.round_tables.one(str(round_table_id)), membership_id)
    delegate, errors = delegate_of(request.form)
    form = f"delegate-{membership_id}"
    if delegate is None:
        errors = {"delegate.name": [_("Please give the delegate's name.")]}
    if errors:
        return _page(round_table_id, form, request.form, errors)
    delegates = [*as_sent(membership["delegates"]), delegate]
    return saved(
        lambda: events.replace_delegates(str(round_table_id), str(membership_id), delegates),
        _(
            "%(name)s is a delegate now and is invited to the coming meetings.",
            name=delegate["name"],
        ),
        lambda _membership: _back(round_table_id),
        lambda refused: _page(
            round_table_id, form, request.form, delegate_errors(refused, len(delegates) - 1)
        ),
    )


@blueprint.post(
    "/<uuid:round_table_id>/members/<uuid:membership_id>/delegates/<uuid:delegate_id>/remove"
)
@roles_required(*STAFF)
def remove_delegate(round_table_id, membership_id, delegate_id):
    events = apis().events
    membership = _membership(events.round_tables.one(str(round_table_id)), membership_id)
    kept = [d for d in membership["delegates"] if d["id"] != str(delegate_id)]
    return attempt(
        _back(round_table_id),
        lambda: events.replace_delegates(str(round_table_id), str(membership_id), as_sent(kept)),
        _("The delegate is removed; their open invitations are withdrawn."),
    )


@blueprint.post("/<uuid:round_table_id>/meetings")
@roles_required(*STAFF)
def schedule(round_table_id):
    fields, errors = meeting_of(request.form)
    again = lambda refused: _page(round_table_id, "meeting", request.form, refused)  # noqa: E731
    if errors:
        return again(errors)
    return saved(
        lambda: apis().events.schedule_meeting(str(round_table_id), fields),
        _("The meeting is scheduled and the delegates are invited."),
        lambda event: url_for(
            "round_tables.meeting", round_table_id=round_table_id, event_id=event["id"]
        ),
        again,
    )


def _invitations(event_id) -> list[dict]:
    try:
        return apis().registrations.invitations(str(event_id))
    except NotFound:  # the meeting has not reached the registrations service yet
        return []


def _meeting_page(round_table_id, event_id, values=None, errors=None):
    events = apis().events
    round_table = events.round_tables.one(str(round_table_id))
    minutes = events.minutes(str(round_table_id), str(event_id))  # 404: not its meeting
    event = events.events.one(str(event_id))
    if current_person().has_any(*STAFF):
        invitations = part(lambda: _invitations(event_id), [])
    else:  # registrations shows invitations to staff only
        invitations = Part([], None)
    page = render_template(
        "backoffice/meeting.html",
        round_table=round_table,
        event=event,
        minutes=minutes,
        invitations=invitations,
        **MEETING_LABELS,
        values=values or {"language": "de"},
        errors=errors or {},
    )
    return page, (422 if errors else 200)


@blueprint.get("/<uuid:round_table_id>/meetings/<uuid:event_id>")
def meeting(round_table_id, event_id):
    return _meeting_page(round_table_id, event_id)


def _meeting_back(round_table_id, event_id) -> str:
    return url_for("round_tables.meeting", round_table_id=round_table_id, event_id=event_id)


@blueprint.post("/<uuid:round_table_id>/meetings/<uuid:event_id>/minutes")
@roles_required(*STAFF)
def record_minutes(round_table_id, event_id):
    text = request.form.get("minutes", "")
    return attempt(
        _meeting_back(round_table_id, event_id) + "#minutes",
        lambda: apis().events.record_minutes(str(round_table_id), str(event_id), text),
        _("The minutes are saved."),
    )


@blueprint.post("/<uuid:round_table_id>/meetings/<uuid:event_id>/invitations")
@roles_required(*STAFF)
def invite(round_table_id, event_id):
    person = {name: request.form.get(name, "").strip() for name in INVITEE_FIELDS}
    person["language"] = person["language"] or "de"
    if not person["name"]:
        errors = {"name": [_("Please give the name of the person to invite.")]}
        return _meeting_page(round_table_id, event_id, request.form, errors)
    return saved(
        lambda: apis().registrations.invite(str(event_id), person),
        _("%(name)s is invited.", name=person["name"]),
        lambda _invitation: _meeting_back(round_table_id, event_id) + "#invitations",
        lambda refused: _meeting_page(round_table_id, event_id, request.form, refused),
    )


@blueprint.post(
    "/<uuid:round_table_id>/meetings/<uuid:event_id>/invitations/<uuid:invitation_id>/resend"
)
@roles_required(*STAFF)
def resend(round_table_id, event_id, invitation_id):
    return attempt(
        _meeting_back(round_table_id, event_id) + "#invitations",
        lambda: apis().registrations.resend_invitation(str(event_id), str(invitation_id)),
        _("The invitation was sent again."),
    )
