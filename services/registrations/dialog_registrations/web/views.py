"""Public pages: the sign-up form and its result; the confirm, cancel, accept and decline pages
(a GET shows one button, only the POST acts, a second POST says it is already done)."""

from __future__ import annotations

import uuid

from flask import g, render_template, request, url_for
from marshmallow import EXCLUDE, ValidationError

from dialog_platform.auth import public
from dialog_platform.clock import utc_now
from dialog_platform.db import committed, request_session
from dialog_platform.web import current_settings

from .. import links, queries
from ..api.schemas import SignUpSchema
from ..domain.errors import ConsentRequired, RegistrationsError, TooManySignUps
from ..domain.states import RegistrationStatus
from ..operations.links import ACTIONS, already_done, check_open, link_subject, perform
from ..operations.signup import Applicant, SignUpResult, sign_up
from ..ratelimit import check_signup_rate
from ..texts import consent_text
from . import csrf, i18n
from .event_list import register_event_list
from .messages import CSRF_REFUSED, EVENT_TYPE_NAMES, FIELD_MESSAGES, REFUSALS
from .pages import HONEYPOT, link_route, page_blueprint, refused, refused_because, trapped

blueprint = page_blueprint("web")
register_event_list(blueprint)
#: The form's fields (one instance: building one per request deep-copies its fields); what
#: else a browser posts is left out.
SIGN_UP_FORM = SignUpSchema(unknown=EXCLUDE)


@blueprint.context_processor
def _page():
    return {"consent_text": _consent_text, "event_type_names": EVENT_TYPE_NAMES}


def _consent_text(purpose: str) -> str:
    """The consent text of ``purpose`` in the page's language, as the records keep it."""
    language = i18n.page_context()["language"]
    return consent_text(purpose, language, current_settings().retention_days)


#: Form fields never filled in again after a refused POST: consent is given afresh.
NOT_KEPT = ("consent", "sms_consent", "csrf_token", HONEYPOT)


def _form_again(event_id: uuid.UUID):
    """The form's CSRF check failed (expired, or sent from elsewhere): the form again with a
    fresh check and what was typed, except the consents, which must be given again."""
    state = queries.form_state(request_session(), event_id, utc_now())
    if state is None:
        return _not_open()
    values = {k: v for k, v in request.form.items() if k not in NOT_KEPT}
    return _form(state.event, values, {}, 400, state=state, notice=str(CSRF_REFUSED))


def _not_open():
    return refused(str(REFUSALS["not_published"]), 404)


def _form(event, values: dict, errors: dict, status: int = 200, state=None, notice=None):
    """The form (``state``: what it says before anyone types; counted afresh if not given)."""
    state = state or queries.form_state(request_session(), event.id, utc_now())
    return render_template(
        "registrations/signup.html",
        event=event,
        state=state,
        notice=notice,
        refusal=state and state.refusal and REFUSALS.get(state.refusal.reason),
        values=values,
        errors={name: FIELD_MESSAGES.get(name, FIELD_MESSAGES["name"]) for name in errors},
    ), status


@blueprint.get("/events/<uuid:event_id>")
@public
def signup_form(event_id: uuid.UUID):
    state = queries.form_state(request_session(), event_id, utc_now())
    if state is None:
        return _not_open()
    return _form(state.event, {"language": i18n.page_context()["language"]}, {}, state=state)


@blueprint.post("/events/<uuid:event_id>")
@public
def signup_submit(event_id: uuid.UUID):
    if page := trapped():
        return page
    if not csrf.csrf_valid():
        return _form_again(event_id)
    try:
        check_signup_rate()
    except TooManySignUps as exc:
        page, status = refused_because(exc)
        return page, status, {"Retry-After": str(exc.retry_after)}
    session = request_session()
    event = queries.open_event(session, event_id)
    values = request.form.to_dict()
    try:
        fields = SIGN_UP_FORM.load(values)
    except ValidationError as exc:
        if event is None:
            return _not_open()
        return _form(event, values, exc.messages, 422)
    try:
        shown_in = i18n.page_context()["language"]
        result = committed(sign_up, event_id, Applicant(**fields), source="web", shown_in=shown_in)
    except RegistrationsError as exc:
        session.rollback()
        return refused_because(exc)
    g.page_language = result.registration.language
    return _result_page(
        result, links.make_token(current_settings(), "result", result.registration.id)
    )


def _result_page(result: SignUpResult, token: str):
    """The result of a sign-up; its language links open it again (``result_page``)."""
    g.language_base = url_for("web.result_page", token=token)
    return render_template("registrations/result.html", result=result)


@blueprint.get("/registrations/result/<token>")
@public
def result_page(token: str):
    """A sign-up's result page again, e.g. in another language (its link lasts a day)."""
    session = request_session()
    try:
        registration = link_subject(
            session, "confirm", links.read_token(current_settings(), "result", token)
        )
    except RegistrationsError as exc:
        return refused_because(exc)
    g.page_language = registration.language
    event = queries.event_copy(session, registration.event_id)
    position = queries.waitlist_position(session, registration)
    return _result_page(SignUpResult(registration, event, True, position), token)


@link_route(blueprint, ACTIONS, "GET")
def link_page(action: str, token: str):
    try:
        subject_id = links.read_token(current_settings(), action, token)
        subject = link_subject(request_session(), action, subject_id)
        g.page_language = subject.language
        if already_done(action, subject):
            return render_template("registrations/done.html", action=action, already=True)
        check_open(action, subject)
    except RegistrationsError as exc:
        return refused_because(exc)
    return render_template("registrations/link.html", action=action)


@link_route(blueprint, ACTIONS, "POST")
def link_action(action: str, token: str):
    session = request_session()
    consent = request.form.get("consent") == "true"
    try:
        subject_id = links.read_token(current_settings(), action, token)
        g.page_language = link_subject(session, action, subject_id).language
    except RegistrationsError as exc:
        return refused_because(exc)
    if not csrf.csrf_valid():  # said in the language the page with the button spoke
        return refused(str(CSRF_REFUSED), 400, back=request.path)
    try:
        shown_in = i18n.page_context()["language"]
        subject, already = committed(perform, action, subject_id, consent, shown_in)
    except ConsentRequired:
        session.rollback()
        message = str(FIELD_MESSAGES["consent"])
        return render_template("registrations/link.html", action=action, error=message), 422
    except RegistrationsError as exc:
        session.rollback()
        return refused_because(exc)
    waiting = getattr(subject, "status", None) == RegistrationStatus.WAITLISTED
    return render_template(
        "registrations/done.html", action=action, already=already, waiting=waiting
    )
