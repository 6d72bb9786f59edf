"""Turning a rendered message into an email: multipart text + HTML, a stable ``Message-ID``,
``List-Unsubscribe`` with its one-click POST (RFC 8058), and a calendar part (iTIP, RFC 5546:
``METHOD:REQUEST`` for a seat and each change, ``METHOD:CANCEL`` when it ends) built with the
platform's ``dialog_platform.calendar``, so the entry is the one of the event's public ``.ics``."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import datetime
from email import base64mime, encoders
from email.header import Header
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, parseaddr
from functools import cache, lru_cache

from dialog_platform.calendar import Entry, Person, calendar
from dialog_platform.clock import utc_now

from .rendering import Rendered

MESSAGE_ID_DOMAIN = "notifications.dialog"
#: The iTIP methods a mail's calendar part may have.
REQUEST, CANCEL = "REQUEST", "CANCEL"
#: Kinds that carry an entry even when queued without saying so (before the context said it).
REQUEST_BY_DEFAULT = frozenset({"seat_confirmed", "promoted"})


@dataclass(frozen=True)
class CalendarPart:
    """An iTIP message for one attendee: its method and the VCALENDAR."""

    method: str
    ics: bytes


def message_id(delivery_id) -> str:
    """The same delivery always has the same Message-ID, so a resend after a crash is
    recognisable as the same mail."""
    return f"<{delivery_id}@{MESSAGE_ID_DOMAIN}>"


def compose_email(
    rendered: Rendered,
    *,
    to: str,
    sender: str,
    delivery_id,
    language: str,
    stop_url: str | None = None,
    calendar_part: CalendarPart | None = None,
    now: datetime | None = None,
) -> Message:
    """Built with the email package's MIME classes (compat32): half the cost of the
    ``EmailMessage`` API per mail, which the scheduler's throughput feels.

    A calendar part goes where mail clients look for it: ``text/calendar; method=...`` as the
    last alternative (Outlook, Gmail, Apple Mail show their buttons from it) and the same
    entry as the ``invite.ics`` attachment (for the clients that only import files)."""
    alternative = MIMEMultipart("alternative")
    alternative.attach(_text_part(rendered.text, "plain"))
    alternative.attach(_text_part(rendered.html, "html"))
    if calendar_part is None:
        message = alternative
    else:
        alternative.attach(_calendar_mime(calendar_part))
        message = MIMEMultipart("mixed")
        message.attach(alternative)
        attachment = MIMEBase("application", "ics", name="invite.ics")
        attachment.set_payload(calendar_part.ics)
        encoders.encode_base64(attachment)
        attachment.add_header("Content-Disposition", "attachment", filename="invite.ics")
        message.attach(attachment)
    message["Subject"] = Header(rendered.subject, "utf-8")
    message["From"] = _address(sender)
    message["To"] = to
    message["Message-ID"] = message_id(delivery_id)
    message["Date"] = format_datetime(now or utc_now())
    message["Content-Language"] = language
    if stop_url:
        # RFC 8058: the link takes a POST with the body "List-Unsubscribe=One-Click".
        message["List-Unsubscribe"] = f"<{stop_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message


def _text_part(text: str, subtype: str) -> MIMEText:
    """``MIMEText(text, subtype, "utf-8")``, its headers copied from one made once: the same
    part (headers, base64 body), without parsing the Content-Type again for every mail."""
    part = copy.copy(_empty_text_part(subtype))
    part._headers = list(part._headers)
    part._payload = base64mime.body_encode(text.encode("utf-8"))
    return part


@cache
def _empty_text_part(subtype: str) -> MIMEText:
    return MIMEText("", subtype, "utf-8")


def _calendar_mime(part: CalendarPart) -> MIMEText:
    mime = MIMEText(part.ics.decode("utf-8"), "calendar", "utf-8")
    mime.set_param("method", part.method)
    return mime


@lru_cache(maxsize=64)
def _address(value: str) -> str:
    name, address = parseaddr(value)
    return formataddr((name, address), charset="utf-8") if name else address


def calendar_method(kind: str, context: dict) -> str | None:
    """The iTIP method a delivery's mail carries, as its handler decided (``context``'s
    ``calendar``), or None: no calendar part."""
    method = context.get("calendar")
    if method is None and kind in REQUEST_BY_DEFAULT:
        return REQUEST
    return method or None


def calendar_part_of(delivery, recipient, event, organizer: str) -> CalendarPart | None:
    """The calendar part of a delivery's mail to ``recipient`` about ``event``, or None."""
    method = calendar_method(delivery.kind, delivery.context)
    if method is None:
        return None
    attendee = Person(recipient.name, recipient.email)
    return calendar_invite(method, event, organizer=organizer, attendee=attendee)


def calendar_invite(method: str, event, *, organizer: str, attendee: Person) -> CalendarPart:
    """The entry of ``event`` (a kept copy: id, version, title, times, place, status) for one
    attendee, from ``organizer`` (the sender's address, ``Name <address>``)."""
    name, address = parseaddr(organizer)
    entry = Entry(
        event_id=event.id,
        version=event.version,
        title=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        location=event.place,
        cancelled=method == CANCEL or event.status == "cancelled",
    )
    ics = calendar(
        [entry], method=method, organizer=Person(name or address, address), attendee=attendee
    )
    return CalendarPart(method, ics)
