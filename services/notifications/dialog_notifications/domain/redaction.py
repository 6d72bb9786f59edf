"""Providers' answers without contact data: an SMTP server or an SMS provider may quote the
address or number it refused ("550 5.1.1 <ada@example.org>: User unknown", "The 'To' number
+4915112345678 is not valid"); the delivery log keeps what happened, never to whom."""

from __future__ import annotations

import re

import phonenumbers

#: Anything shaped like an email address, in any case.
EMAIL = re.compile(r"[^\s<>\"'(),;:\[\]]+@[^\s<>\"'(),;:\[\]]+")
#: An international number (+49 151 ..., 0049 ...) or a national one (0151 ...), in any of the
#: usual groupings. Status codes ("550 5.1.1", "400 21211") start with neither.
PHONE = re.compile(r"(?<![\w.+])(?:\+|00|0)\d[\d ()./-]{3,}\d")
ADDRESS = "[address]"
NUMBER = "[number]"


def without_contact(answer: str | None, phone: str | None = None) -> str | None:
    """``answer`` with every email address and phone number replaced; ``phone`` (E.164), the
    recipient's own number, is found in any format, with or without its country code."""
    if answer is None:
        return None
    answer = EMAIL.sub(ADDRESS, answer)
    if phone:
        answer = _own_number(phone).sub(NUMBER, answer)
    return PHONE.sub(NUMBER, answer)


def _own_number(phone: str) -> re.Pattern[str]:
    """The number's national digits, each may be separated from the next: what every way of
    writing it (+49 151 1234 5678, 0049-151-..., 0151/1234...) contains."""
    try:
        digits = str(phonenumbers.parse(phone).national_number)
    except phonenumbers.NumberParseException:
        digits = re.sub(r"\D", "", phone)
    separated = r"[ ()./-]*".join(digits)
    return re.compile(rf"(?:(?:\+|00)\d{{1,3}}[ ()./-]*|0)?{separated}(?!\d)")
