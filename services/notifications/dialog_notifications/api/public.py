"""Public routes: the "stop reminders" link of every email. The link opens a page with one
button; only its POST acts (mail scanners follow links, they do not press buttons)."""

from __future__ import annotations

from flask import render_template_string
from flask.views import MethodView
from flask_smorest import Blueprint

from dialog_platform.auth import public
from dialog_platform.clock import utc_now
from dialog_platform.db import request_session
from dialog_platform.locale import language_of

from ..models import Recipient
from ..operations.reminders import stop_reminders
from ..queries import recipient_by_stop_token

blp = Blueprint(
    "public_reminders",
    __name__,
    url_prefix="/api/v1/reminders",
    description="Stop reminders (the link in every email).",
)

PAGES = {
    "de": (
        "Keine Erinnerungen mehr",
        "Erinnerungen abbestellen",
        "Sie erhalten keine Erinnerungen mehr.",
    ),
    "en": ("No more reminders", "Stop reminders", "You will receive no more reminders."),
    "tr": ("Hatırlatma istemiyorum", "Hatırlatmaları durdur", "Artık hatırlatma almayacaksınız."),
    "ar": ("إيقاف التذكيرات", "أوقف التذكيرات", "لن تصلك تذكيرات بعد الآن."),
}
PAGE = """<!DOCTYPE html>
<html lang="{{ lang }}" dir="{{ 'rtl' if lang == 'ar' else 'ltr' }}"><head><meta charset="utf-8">
<title>{{ title }}</title></head><body>
<h1>{{ title }}</h1>
{% if done %}<p>{{ done }}</p>{% else %}<form method="post"><button type="submit">{{ button }}</button></form>{% endif %}
</body></html>"""
UNKNOWN = "This link is not valid (any more). Diese Verknüpfung ist nicht (mehr) gültig."


def _page(recipient: Recipient, done: bool):
    lang = language_of(recipient.language)
    title, button, confirmation = PAGES[lang]
    return render_template_string(
        PAGE, lang=lang, title=title, button=button, done=confirmation if done else ""
    )


@blp.route("/stop/<token>")
class StopReminders(MethodView):
    @public
    def get(self, token: str):
        """A page with one button that stops the reminders."""
        recipient = recipient_by_stop_token(request_session(), token)
        if recipient is None:
            return UNKNOWN, 404, {"Content-Type": "text/plain; charset=utf-8"}
        return _page(recipient, done=recipient.reminders_stopped)

    @public
    def post(self, token: str):
        """Stop the reminders: pending ones are dropped, none are scheduled any more."""
        session = request_session()
        recipient = stop_reminders(session, token, utc_now())
        if recipient is None:
            return UNKNOWN, 404, {"Content-Type": "text/plain; charset=utf-8"}
        session.commit()
        return _page(recipient, done=True)
