"""What the public pages' blueprints (the sign-up form and links, the subscriptions) do the same
way: the language and CSRF cookies on every answer, the page that says why not (also for an
address among them that has no page), and the routes of a mailed link's page (a GET shows one
button, only the POST acts)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from flask import Blueprint, Flask, render_template, request
from werkzeug.exceptions import HTTPException

from dialog_platform.auth import public
from dialog_platform.web.errors import handle_http_exception

from ..domain.errors import InvalidLink, RegistrationsError
from . import csrf, i18n
from .messages import HONEYPOT_REFUSED, PAGE_ERRORS, refusal

#: The form field people never see: a form that comes with it filled in came from a robot.
HONEYPOT = "website"
#: Where the public pages live (the JSON API is elsewhere, under /api/).
PAGE_PATHS = ("/events", "/registrations/", "/invitations/", "/subscriptions/", "/subscribe/")


def page_blueprint(name: str) -> Blueprint:
    """A blueprint of public pages: each page knows its language and the form's CSRF token,
    and each answer remembers the language and sets the CSRF cookie."""
    blueprint = Blueprint(name, __name__, template_folder="templates")
    blueprint.context_processor(_page)
    blueprint.after_request(_cookies)
    return blueprint


def _page() -> dict:
    return i18n.page_context() | {"csrf_token": csrf.csrf_token}


def _cookies(response):
    return i18n.remember_language(csrf.set_csrf_cookie(response))


def refused(message: str, status: int, back: str | None = None):
    """A page saying why not; ``back``: the page to try again from."""
    return render_template("registrations/refused.html", message=message, back=back), status


def refused_because(exc: RegistrationsError):
    """The page of a domain error: its sentence, with its status."""
    return refused(*reversed(refusal(exc)))


def unknown_link():
    return refused(refusal(InvalidLink("not valid"))[1], 404)


def trapped():
    """The refusal of a form whose honeypot field was filled in, else None."""
    return refused(str(HONEYPOT_REFUSED), 400) if request.form.get(HONEYPOT) else None


def link_route(blueprint: Blueprint, actions: dict[str, tuple[str, ...]], method: str):
    """Route a view ``(action, token)`` of the mailed links' pages: ``/<kind>/<action>/<token>``
    for each kind of ``actions``; an action its kind does not have is an unknown link."""

    def route(view: Callable):
        @functools.wraps(view)
        def known_action(kind: str, action: str, token: str):
            if action not in actions[kind]:
                return unknown_link()
            return view(action, token)

        for kind in actions:
            blueprint.add_url_rule(
                f"/{kind}/<action>/<token>",
                view_func=public(known_action),
                methods=[method],
                defaults={"kind": kind},
            )
        return known_action

    return route


def register_page_errors(app: Flask) -> None:
    """An address among the pages that has none (a link cut short, an event id mistyped), or a
    form too large to read, is answered with a page in the visitor's language, not with the
    API's JSON; elsewhere the platform's JSON answer stays."""
    for status in PAGE_ERRORS:
        app.register_error_handler(status, _page_error)


def _page_error(exc: HTTPException):
    if not request.path.startswith(PAGE_PATHS):
        return handle_http_exception(exc)
    message = str(PAGE_ERRORS[exc.code])
    return render_template("registrations/refused.html", message=message, **_page()), exc.code
