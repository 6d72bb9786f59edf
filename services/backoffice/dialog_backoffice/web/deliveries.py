"""Mails and text messages (the notifications service's staff API): the delivery log of an
event and of one person in it, with status, channel, attempts and the server's answers; those
in one status across all events (failed ones first); resend; template previews in the four
languages (Arabic right to left)."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _

from dialog_platform.locale import LANGUAGE_NAMES, LANGUAGES, direction_of

from ..clients.base import NotFound
from .actions import attempt
from .event_form import CHANNELS
from .identity import STAFF, apis, roles_required
from .labels import DELIVERY_OUTCOMES, DELIVERY_STATUSES, MESSAGE_KINDS
from .parts import part

blueprint = Blueprint("deliveries", __name__)


def _event(event_id: str) -> dict | None:
    """The event the deliveries belong to (None: not an event, e.g. a mediation session)."""
    try:
        return apis().events.events.one(event_id)
    except NotFound:
        return None


def _person(event_id: str, registration_id: str) -> dict | None:
    try:
        registrations = apis().registrations.registrations(event_id)
    except NotFound:
        return None
    return next((r for r in registrations if r["id"] == registration_id), None)


def _log_page(log, **shown):
    return render_template(
        "backoffice/deliveries.html",
        log=log,
        statuses=DELIVERY_STATUSES,
        outcomes=DELIVERY_OUTCOMES,
        channels=CHANNELS,
        kinds=MESSAGE_KINDS,
        back=request.full_path.rstrip("?"),
        **shown,
    )


@blueprint.get("/deliveries")
@roles_required(*STAFF)
def index():
    status = request.args.get("status")
    status = status if status in DELIVERY_STATUSES else "failed"
    log = part(lambda: apis().notifications.deliveries(status=status), [])
    return _log_page(log, status=status, scope="status", heading=_("Mails and text messages"))


@blueprint.get("/events/<uuid:event_id>/deliveries")
@roles_required(*STAFF)
def of_event(event_id):
    event = part(lambda: _event(str(event_id)))
    log = part(lambda: apis().notifications.deliveries(event_id=str(event_id)), [])
    heading = _("Mails and text messages of this event")
    return _log_page(log, event=event, event_id=event_id, scope="event", heading=heading)


@blueprint.get("/events/<uuid:event_id>/deliveries/<uuid:recipient_id>")
@roles_required(*STAFF)
def of_person(event_id, recipient_id):
    event = part(lambda: _event(str(event_id)))
    recipient = part(lambda: _person(str(event_id), str(recipient_id)))
    log = part(lambda: apis().notifications.deliveries(recipient_id=str(recipient_id)), [])
    heading = (
        _("Mails and text messages to %(name)s", name=recipient.value["name"])
        if recipient.value
        else _("Mails and text messages to one person")
    )
    return _log_page(
        log, event=event, event_id=event_id, recipient=recipient, scope="person", heading=heading
    )


def _back_path() -> str:
    """The page the resend was asked on (a path of this site only)."""
    back = request.form.get("back", "")
    if back.startswith("/") and not back.startswith("//") and "\\" not in back:
        return back
    return url_for("deliveries.index")


@blueprint.post("/deliveries/<uuid:delivery_id>/resend")
@roles_required(*STAFF)
def resend(delivery_id):
    return attempt(
        _back_path(),
        lambda: apis().notifications.resend(str(delivery_id)),
        _("A copy is queued and goes out in a moment. It appears in the log above."),
    )


@blueprint.get("/deliveries/templates")
@roles_required(*STAFF)
def templates():
    kind = request.args.get("kind")
    kind = kind if kind in MESSAGE_KINDS else "reminder"

    def previews():
        notifications = apis().notifications
        return [
            {
                "language": language,
                "name": LANGUAGE_NAMES[language],
                "direction": direction_of(language),
                "preview": notifications.preview(kind, language),
            }
            for language in LANGUAGES
        ]

    return render_template(
        "backoffice/templates.html", kind=kind, kinds=MESSAGE_KINDS, previews=part(previews, [])
    )
