"""What a person sees when something goes wrong: a page with a sentence, never JSON or a stack
trace. A service's refusal is shown with the service's own sentence; a service that does not
answer is named, and a sign-in the services no longer accept sends the person to sign in."""

from __future__ import annotations

from flask import Flask, redirect, render_template, request, session, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from ..clients.base import ApiError, SignInExpired, Unavailable
from ..log import log
from .api_texts import refusal_sentence
from .labels import SERVICE_NAMES

#: The lead sentence of a refused request, by status.
LEADS = {
    400: _l("This could not be done with these details."),
    403: _l("Your account does not have permission for this."),
    404: _l("This was not found. It may have been removed, or the link is wrong."),
    409: _l("This cannot be done right now, because its state does not allow it."),
    422: _l("Some details are missing or not valid."),
}


def service_name(service: str) -> str:
    return str(SERVICE_NAMES.get(service, service))


def unavailable_sentence(service: str) -> str:
    return str(
        _l(
            "The part “%(part)s” is not available at the moment. Please try again in a few minutes; everything else keeps working.",
            part=service_name(service),
        )
    )


def sentence(error: ApiError) -> str:
    """One sentence (or two) a person understands, in the page's language, for any API error:
    ours for the service's code, with the service's own sentence as detail where it helps."""
    if isinstance(error, Unavailable):
        return unavailable_sentence(error.service)
    return refusal_sentence(error.code, str(LEADS.get(error.status, LEADS[400])), error.message)


def _page(status: int, title: str, message: str):
    return render_template("backoffice/problem.html", title=title, message=message), status


def register_error_pages(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(error: ApiError):
        if isinstance(error, SignInExpired):
            session.clear()
            return redirect(url_for("signin.login", expired=1))
        if isinstance(error, Unavailable):
            log.warning("service unavailable", service=error.service, status=error.status)
            return _page(503, str(_l("Not available")), sentence(error))
        if error.status == 403:
            return refusal(sentence(error))
        return _page(error.status, str(_l("That did not work")), sentence(error))

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code == 400 and error.description == "csrf":
            return _page(
                400,
                str(_l("Please try again")),
                str(
                    _l(
                        "This form was open too long or did not come from this page, so nothing was changed. Please go back, reload the page and send it again."
                    )
                ),
            )
        if error.code == 403:
            return refusal(str(LEADS[403]))
        if error.code == 404:
            return _page(404, str(_l("Not found")), str(LEADS[404]))
        return _page(error.code or 500, str(_l("That did not work")), str(LEADS[400]))

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("unexpected error", path=request.path)
        return _page(
            500,
            str(_l("Something went wrong")),
            str(
                _l(
                    "Something went wrong on our side. Please try again; if it happens again, tell the team that runs the platform."
                )
            ),
        )


def refusal(message: str):
    return render_template("backoffice/refused.html", message=message), 403
