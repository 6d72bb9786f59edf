"""Public pages of subscriptions: the form (double opt-in), and the confirm and unsubscribe
pages of the mailed links. A GET shows one button (or says at once that it is done); only the
POST acts. The unsubscribe link also takes the one-click POST of RFC 8058
(``List-Unsubscribe=One-Click``) that a mail program sends without a page, so it needs no form
field."""

from __future__ import annotations

from flask import g, render_template, request
from marshmallow import EXCLUDE, ValidationError

from dialog_platform.auth import public
from dialog_platform.db import committed, request_session
from dialog_platform.web import current_settings

from .. import links
from ..api.subscription_schemas import SubscribeSchema
from ..domain.errors import RegistrationsError, TopicNotFound
from ..operations.subscriptions import (
    already_done,
    confirm_subscription,
    find_topic,
    subscribe,
    unsubscribe,
)
from ..queries import find_subscription
from ..ratelimit import check_signup_rate
from ..texts import consent_text
from . import csrf, i18n
from .messages import CSRF_REFUSED, FIELD_MESSAGES
from .pages import link_route, page_blueprint, refused, refused_because, trapped

blueprint = page_blueprint("subscriptions")
#: The mailed links of a subscription: its confirmation, and the way out.
LINK_ACTIONS = {"subscriptions": ("subscribe", "unsubscribe")}
KINDS = ("series", "event_type", "round_table")
ONE_CLICK = "One-Click"
#: The form's fields (one instance: building one per request deep-copies its fields); what
#: else a browser posts is left out.
SUBSCRIBE_FORM = SubscribeSchema(unknown=EXCLUDE)


@blueprint.context_processor
def _page():
    language = i18n.page_context()["language"]
    text = consent_text("subscription", language, current_settings().retention_days)
    return {"subscription_consent": text}


def _topic(kind: str, key: str):
    if kind not in KINDS:
        raise TopicNotFound("There is nothing of this name to subscribe to.")
    return find_topic(request_session(), kind, key)


def _form(topic, values: dict, errors: dict, status: int = 200):
    shown = {name: FIELD_MESSAGES.get(name, FIELD_MESSAGES["name"]) for name in errors}
    if "consent" in errors:
        shown["consent"] = FIELD_MESSAGES["subscription_consent"]
    return render_template(
        "subscriptions/subscribe.html", topic=topic, values=values, errors=shown
    ), status


@blueprint.get("/subscribe/<kind>/<key>")
@public
def subscribe_form(kind: str, key: str):
    try:
        topic = _topic(kind, key)
    except RegistrationsError as exc:
        return refused_because(exc)
    return _form(topic, {"language": i18n.page_context()["language"]}, {})


@blueprint.post("/subscribe/<kind>/<key>")
@public
def subscribe_submit(kind: str, key: str):
    if page := trapped():
        return page
    if not csrf.csrf_valid():
        return refused(str(CSRF_REFUSED), 400)
    try:
        check_signup_rate()
        topic = _topic(kind, key)
    except RegistrationsError as exc:
        return refused_because(exc)
    values = request.form.to_dict()
    try:
        fields = SUBSCRIBE_FORM.load(values)
    except ValidationError as exc:
        return _form(topic, values, exc.messages, 422)
    shown_in = i18n.page_context()["language"]
    committed(subscribe, topic, fields["name"], fields["email"], fields["language"], shown_in)
    g.page_language = fields["language"]
    return render_template("subscriptions/requested.html", topic=topic)


@link_route(blueprint, LINK_ACTIONS, "GET")
def link_page(action: str, token: str):
    try:
        subscription_id = links.read_token(current_settings(), action, token)
        subscription = find_subscription(request_session(), subscription_id)
    except RegistrationsError as exc:
        return refused_because(exc)
    g.page_language = subscription.language
    if done := already_done(action, subscription):
        return _done(done, True, subscription)
    return render_template("registrations/link.html", action=action, topic=subscription)


def _done(action: str, already: bool, subscription):
    return render_template(
        "registrations/done.html", action=action, already=already, topic=subscription
    )


@link_route(blueprint, LINK_ACTIONS, "POST")
def link_action(action: str, token: str):
    one_click = action == "unsubscribe" and request.form.get("List-Unsubscribe") == ONE_CLICK
    try:
        subscription_id = links.read_token(current_settings(), action, token)
        g.page_language = find_subscription(request_session(), subscription_id).language
    except RegistrationsError as exc:
        return refused_because(exc)
    if not one_click and not csrf.csrf_valid():  # said in the language of the button's page
        return refused(str(CSRF_REFUSED), 400, back=request.path)
    try:
        act = confirm_subscription if action == "subscribe" else unsubscribe
        subscription, already = committed(act, subscription_id)
    except RegistrationsError as exc:
        request_session().rollback()
        return refused_because(exc)
    g.page_language = subscription.language
    shown = (already and already_done(action, subscription)) or action
    return _done(shown, already, subscription)
