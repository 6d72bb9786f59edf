"""Languages of the public pages: chosen by the visitor (``?lang=``, remembered in a cookie),
else the registration's own language on link pages, else the browser's preference."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from flask import Flask, Response, g, request
from flask_babel import Babel, format_datetime, get_locale, gettext

from dialog_platform.locale import BERLIN, LANGUAGE_NAMES, LANGUAGES, TIME_ZONE, direction_of

COOKIE = "dialog_lang"


def select_locale() -> str:
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        return chosen
    if g.get("page_language") in LANGUAGES:
        return g.page_language
    remembered = request.cookies.get(COOKIE)
    if remembered in LANGUAGES:
        return remembered
    preferred = request.accept_languages.best_match(LANGUAGES)
    if preferred:
        return preferred
    # Pages speak German to a visitor who said nothing; the JSON API, English (its documents').
    return "en" if request.path.startswith("/api/") else "de"


def remember_language(response: Response) -> Response:
    chosen = request.args.get("lang")
    if chosen in LANGUAGES and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(COOKIE, chosen, max_age=365 * 86400, samesite="Lax")
    return response


def language_url(code: str) -> str:
    """This page in another language: the same address and query (filters, page), or the page
    set in ``g.language_base`` (a result page, which a POST answered)."""
    base = g.get("language_base")
    if base:
        return f"{base}?{urlencode({'lang': code})}"
    args = {k: v for k, v in request.args.items() if k != "lang"} if request.method == "GET" else {}
    return f"{request.path}?{urlencode(args | {'lang': code})}"


def page_context() -> dict:
    language = str(get_locale() or "de")
    return {
        "language": language,
        "direction": direction_of(language),
        "language_names": LANGUAGE_NAMES,
        "language_url": language_url,
    }


#: One way each language writes a moment: weekday, day, month in words, year, 24-hour time
#: (never "03.12.26" or "12/3/26, 8:29 AM"), followed by the time zone.
MOMENT_PATTERNS = {
    "de": "EEEE, d. MMMM y, HH:mm 'Uhr'",
    "en": "EEEE, d MMMM y, HH:mm",
    "tr": "d MMMM y EEEE, HH:mm",
    "ar": "EEEE d MMMM y، HH:mm",
}


def when(moment: datetime | None) -> str:
    """A moment on the Berlin wall clock in the page's language, with the time zone."""
    if moment is None:
        return ""
    language = str(get_locale() or "de")
    offset = int(moment.astimezone(BERLIN).utcoffset().total_seconds() // 3600)
    return gettext(
        "%(moment)s (Berlin time, UTC+%(offset)s)",
        moment=format_datetime(moment, MOMENT_PATTERNS.get(language, MOMENT_PATTERNS["de"])),
        offset=offset,
    )


def register_i18n(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "de")
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", TIME_ZONE)
    Babel(app, locale_selector=select_locale)
    app.jinja_env.filters["when"] = when
