"""A person's contact details as the platform compares them: email addresses and phone numbers
normalised one way everywhere, and their keyed hashes (``crypto``), by which a service finds a
person's rows without holding the address in clear."""

from __future__ import annotations

import phonenumbers
from sqlalchemy import event
from sqlalchemy.orm import Session

from .crypto import keyring

#: Where a phone number without a country code is assumed to be.
DEFAULT_REGION = "DE"


class InvalidPhone(ValueError):
    """Not a phone number; the text says why in a sentence."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def normalise_phone(raw: str) -> str:
    """The number in E.164 (+4917012345678); ``InvalidPhone`` if it is not a valid number."""
    try:
        number = phonenumbers.parse(raw, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise InvalidPhone("This is not a phone number.") from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhone("This phone number is not valid.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def email_hash(email: str) -> str:
    """The keyed hash stored beside an email address (current key)."""
    return keyring().lookup_hash("email:" + normalise_email(email))


def phone_hash(phone: str) -> str:
    """The keyed hash stored beside a phone number in E.164 (current key)."""
    return keyring().lookup_hash("phone:" + phone)


def email_hashes(email: str) -> list[str]:
    """An address's hash under every data key: what to look for while keys rotate."""
    return keyring().lookup_hashes("email:" + normalise_email(email))


def phone_hashes(phone: str) -> list[str]:
    return keyring().lookup_hashes("phone:" + phone)


#: How a lookup column is computed from the clear value beside it.
HASHERS = {"email": email_hash, "phone": phone_hash}


def fill_lookup_hashes(instance) -> None:
    """Set a model's lookup hashes from the values they find: a model lists them as
    ``__lookup_hashes__ = {"email_hash": ("email", "email"), "phone_hash": ("phone",
    "phone")}`` (hash column: (source attribute, kind))."""
    for hash_attribute, (source, kind) in getattr(instance, "__lookup_hashes__", {}).items():
        value = getattr(instance, source)
        wanted = HASHERS[kind](value) if value else None
        if getattr(instance, hash_attribute) != wanted:
            setattr(instance, hash_attribute, wanted)


@event.listens_for(Session, "before_flush")
def _fill_lookup_hashes(session: Session, _context, _instances) -> None:
    """Keep every flushed model's lookup hashes in step with the values they find (a row
    written without the unit of work calls ``fill_lookup_hashes`` itself)."""
    for instance in (*session.new, *session.dirty):
        fill_lookup_hashes(instance)
