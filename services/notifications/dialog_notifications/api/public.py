"""Public routes: the "stop reminders" link of every email (of a directory announcement: its
"unsubscribe" link, which ends the announcements). The link opens a page with one
button; only its POST acts (mail scanners follow links, they do not press buttons). The same
URL is the mails' ``List-Unsubscribe``: a mail program's one-click POST (RFC 8058, the body
``List-Unsubscribe=One-Click``) needs no token beyond the link's own secret."""

from __future__ import annotations

from flask import Response, request
from flask.views import MethodView

from dialog_platform.auth import public
from dialog_platform.clock import utc_now
from dialog_platform.db import committed, request_session
from dialog_platform.locale import LANGUAGES
from dialog_platform.web import api_blueprint

from ..models import EventCopy
from ..operations.reminders import stop_reminders
from ..queries import recipient_by_stop_token
from ..rendering import stop_page

blp = api_blueprint("public_reminders", "/reminders", "Stop reminders (the link in every email).")


def _asked_language() -> str | None:
    """The language chosen (``?lang=``), else the first the browser asks for that we speak."""
    if request.args.get("lang") in LANGUAGES:
        return request.args["lang"]
    for asked, _quality in request.accept_languages:
        if asked.split("-")[0].lower() in LANGUAGES:
            return asked.split("-")[0].lower()
    return None


#: The stop page is HTML for the person who opened the link, in their language.
PAGE = {"type": "string", "description": "An HTML page."}
HTML = "text/html"


def _unknown_link() -> Response:
    """A link we do not know: said in the language asked for (we know no person)."""
    return Response(stop_page(_asked_language(), known=False), 404, mimetype=HTML)


def _page(recipient, done: bool) -> Response:
    event = request_session().get(EventCopy, recipient.event_id)
    about = {"event_title": event.title, "starts_at": event.starts_at} if event else {}
    announcements = recipient.stops_announcements
    page = stop_page(recipient.language, done=done, announcements=announcements, **about)
    return Response(page, mimetype=HTML)


@blp.route("/stop/<token>")
class StopReminders(MethodView):
    @blp.operation(public, 200, PAGE, content_type=HTML)
    @blp.alt_response(404, schema=PAGE, content_type=HTML, description="An unknown link.")
    def get(self, token: str):
        """A page with one button that stops the reminders."""
        recipient = recipient_by_stop_token(request_session(), token)
        if recipient is None:
            return _unknown_link()
        return _page(recipient, done=recipient.reminders_stopped)

    @blp.operation(public, 200, PAGE, content_type=HTML)
    @blp.alt_response(404, schema=PAGE, content_type=HTML, description="An unknown link.")
    def post(self, token: str):
        """Stop the reminders: pending ones are dropped, none are scheduled any more."""
        recipient = committed(stop_reminders, token, utc_now())
        if recipient is None:
            return _unknown_link()
        return _page(recipient, done=True)
