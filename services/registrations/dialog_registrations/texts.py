"""The consent texts in each language, from the committed catalogues, without a Flask request:
the form and the accept page show them, and every consent record keeps the exact one shown."""

from __future__ import annotations

import functools
from pathlib import Path

from babel.support import Translations

from .domain.consent import ConsentPurpose

TRANSLATIONS = Path(__file__).parent / "translations"


@functools.cache
def _catalogue(language: str) -> Translations:
    return Translations.load(TRANSLATIONS, [language])


def consent_text(purpose: str, language: str, retention_days: int) -> str:
    """The sentence a person agrees to for ``purpose``, as shown in ``language``."""
    catalogue = _catalogue(language)
    if purpose == ConsentPurpose.REGISTRATION:
        return catalogue.ngettext(
            "I agree that the organisers store my details to run this event and to write to me "
            "about it. They are deleted %(num)s day after the event.",
            "I agree that the organisers store my details to run this event and to write to me "
            "about it. They are deleted %(num)s days after the event.",
            retention_days,
        ) % {"num": retention_days}
    if purpose == ConsentPurpose.SMS_REMINDERS:
        return catalogue.gettext("Please remind me by SMS as well (needs a phone number).")
    if purpose == ConsentPurpose.SUBSCRIPTION:
        return catalogue.gettext(
            "I agree that the organisers keep my email address to tell me when sign-up opens "
            "for a new date. I can unsubscribe at any time with the link in every mail."
        )
    raise ValueError(f"no consent text for {purpose!r}")
