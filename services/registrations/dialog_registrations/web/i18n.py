"""Languages of the public pages: chosen by the visitor (``?lang=``, remembered in a cookie),
else the registration's own language on link pages, else the browser's preference."""

from __future__ import annotations

from flask import Flask, Response, g, request
from flask_babel import Babel, get_locale

from dialog_platform.locale import LANGUAGE_NAMES, LANGUAGES, TIME_ZONE, direction_of

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


def page_context() -> dict:
    language = str(get_locale() or "de")
    return {
        "language": language,
        "direction": direction_of(language),
        "language_names": LANGUAGE_NAMES,
    }


def register_i18n(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "de")
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", TIME_ZONE)
    Babel(app, locale_selector=select_locale)
