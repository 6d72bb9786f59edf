"""Languages of the back office: German first, English second (Babel catalogues); every time
is shown on the Europe/Berlin wall clock with weekday, day, month in words and year, so no
date reads two ways. Forms take times as Berlin wall-clock time."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, format_datetime
from flask import Flask, Response, request
from flask_babel import Babel, get_locale

from dialog_platform.locale import BERLIN, LANGUAGE_NAMES, TIME_ZONE

LANGUAGES = ("de", "en")
COOKIE = "dialog_backoffice_lang"
_DATETIME = {"de": "EEEE, d. MMMM y, HH:mm 'Uhr'", "en": "EEEE d MMMM y, HH:mm"}
_DATE = {"de": "EEE, d. MMMM y", "en": "EEE d MMMM y"}


def select_locale() -> str:
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        return chosen
    remembered = request.cookies.get(COOKIE)
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(LANGUAGES) or "de"


def remember_language(response: Response) -> Response:
    chosen = request.args.get("lang")
    if chosen in LANGUAGES and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(
            COOKIE,
            chosen,
            max_age=365 * 86400,
            samesite="Lax",
            httponly=True,
            secure=request.is_secure,
        )
    return response


def language() -> str:
    return str(get_locale() or "de")


def parse_instant(value: str | None) -> datetime | None:
    if not value:
        return None
    instant = datetime.fromisoformat(value)
    return instant if instant.tzinfo else instant.replace(tzinfo=BERLIN)


def when(value: str | datetime | None) -> str:
    """An instant as Berlin wall-clock time, e.g. „Dienstag, 8. Dezember 2026, 18:00 Uhr“."""
    instant = parse_instant(value) if isinstance(value, str) else value
    if instant is None:
        return ""
    return format_datetime(instant, _DATETIME[language()], tzinfo=BERLIN, locale=language())


def day(value: str | date | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return format_date(value, _DATE[language()], locale=language())


def local_input(value: str | None) -> str:
    """An instant as the value of a ``datetime-local`` field (Berlin time)."""
    instant = parse_instant(value)
    return instant.astimezone(BERLIN).strftime("%Y-%m-%dT%H:%M") if instant else ""


def from_local_input(value: str) -> str | None:
    """A ``datetime-local`` field's Berlin time as ISO 8601 with its offset (None: empty);
    ValueError when it is not a time."""
    value = value.strip()
    if not value:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=BERLIN).isoformat()


def register_i18n(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "de")
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", TIME_ZONE)
    Babel(app, locale_selector=select_locale)
    app.after_request(remember_language)
    app.jinja_env.filters.update(when=when, day=day, local_input=local_input)
    app.jinja_env.globals.update(
        current_language=language, languages=LANGUAGES, language_names=LANGUAGE_NAMES
    )
