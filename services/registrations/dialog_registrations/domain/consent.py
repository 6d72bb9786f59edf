"""Consent as the registrations service records it (pure rules, no I/O): for which purpose,
given where, withdrawn how, and the version of the texts the person was shown."""

from __future__ import annotations

from enum import StrEnum


class ConsentPurpose(StrEnum):
    """What a consent allows. A later purpose (e.g. news of future events) is a new member
    here, with its text in ``texts.py``."""

    REGISTRATION = "registration"  # processing the person's details to run the event
    SMS_REMINDERS = "sms_reminders"  # reminders by SMS to their phone number
    SUBSCRIPTION = "subscription"  # mails when sign-up opens for a new date of a topic


class ConsentSource(StrEnum):
    """Where the consent was given."""

    FORM = "form"  # the public sign-up form
    API = "api"  # the public JSON API (another front-end showed the text)
    INVITATION = "invitation"  # the accept page of a round-table invitation
    STAFF = "staff"  # staff signed the person up on their behalf (e.g. by phone)


class Withdrawal(StrEnum):
    """How a consent ended."""

    STAFF = "staff"  # staff withdrew it at the person's request
    PERSON = "person"  # the person pressed "stop reminders" in a message
    REPLACED = "replaced"  # the person signed up again with the same address: new consents


#: A sign-up's source (``Registration.source``) -> where its consents were given.
SOURCE_OF_SIGN_UP = {
    "web": ConsentSource.FORM,
    "api": ConsentSource.API,
    "invitation": ConsentSource.INVITATION,
    "staff": ConsentSource.STAFF,
}

#: Purposes withdrawn on their own; the consent to the registration itself ends with the
#: registration (cancelled, or erased on request).
WITHDRAWABLE = frozenset({ConsentPurpose.SMS_REMINDERS})

#: The version of the consent texts the form and the accept page show. Bump it whenever a
#: text changes; ``text_version`` adds the retention period the text states.
CONSENT_TEXT_VERSION = "2026-12-consent-v2"


def text_version(retention_days: int) -> str:
    """The version of the exact texts shown: the wording's version and the period it names."""
    return f"{CONSENT_TEXT_VERSION}-{retention_days}d"


def purposes_of(sms_consent: bool) -> list[ConsentPurpose]:
    """The purposes a sign-up consents to."""
    return [ConsentPurpose.REGISTRATION, *([ConsentPurpose.SMS_REMINDERS] if sms_consent else [])]
