"""The programme's languages and time zone, the same for every service and every message.

Participants read German, English, Turkish or Arabic (right to left); every time is shown on
the Europe/Berlin wall clock.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

#: Languages of the pages and of every message to a person (ISO 639-1), German first.
LANGUAGES = ("de", "en", "tr", "ar")
DEFAULT_LANGUAGE = "de"
#: Each language's name in itself, for language choosers.
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English", "tr": "Türkçe", "ar": "العربية"}
RIGHT_TO_LEFT = frozenset({"ar"})

#: The time zone every time is shown in.
TIME_ZONE = "Europe/Berlin"
BERLIN = ZoneInfo(TIME_ZONE)


def language_of(language: str | None) -> str:
    """``language`` if the platform speaks it, else the default."""
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def direction_of(language: str) -> str:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"
