"""Forgetting people: a recipient is pseudonymised (every contact field emptied, links dropped,
hashes cleared; its id, status and the delivery log's outcomes and times stay), its pending
messages dropped, its messages' contents emptied, and its copies in the embedded mode's mail
folder and SMS log removed. Erasure requests (Art. 17) and retention both do it; an export
request (Art. 15) gets what is held about the person."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now
from dialog_platform.db import attributes_of, settings_of
from dialog_platform.personal import phone_hash, phone_hashes
from dialog_platform.privacy import PersonKeys

from ..channels.email import EmlFolderChannel
from ..channels.sms import SmsLogChannel
from ..composition import message_id
from ..models import PENDING, Delivery, EventCopy, Recipient
from ..queries import recipients_of_person
from .deliveries import drop

ERASED = "the person's data was erased"


def forget(
    session: Session, recipients: Iterable[Recipient], reason: str, now: datetime
) -> tuple[Counter, list[str], set[str]]:
    """Pseudonymise ``recipients``; the counts, and the Message-IDs of their mails and the
    hashes of their numbers (what finds their copies in the mail folder and the SMS log)."""
    counts: Counter = Counter(recipients=0, deliveries_dropped=0, contexts_cleared=0)
    mails: list[str] = []
    numbers: set[str] = set()
    for recipient in recipients:
        for delivery in session.scalars(
            select(Delivery).where(Delivery.recipient_id == recipient.id)
        ):
            if delivery.status in PENDING:
                drop(session, delivery, reason, now)
                counts["deliveries_dropped"] += 1
            if delivery.context:
                delivery.context = {}
                counts["contexts_cleared"] += 1
            if delivery.channel == "email":
                mails.append(message_id(delivery.id))
        if recipient.phone:
            numbers.update(phone_hashes(recipient.phone))
        recipient.name, recipient.email, recipient.phone, recipient.links = "", None, None, {}
        recipient.contact_person_id = None  # nothing left to tie the row to the directory
        recipient.stop_token = secrets.token_urlsafe(24)  # old links no longer find the row
        recipient.erased_at = now
        counts["recipients"] += 1
    session.flush()  # the hashes follow the emptied fields
    return counts, mails, numbers


def files_of(session: Session) -> tuple[EmlFolderChannel, SmsLogChannel]:
    """The mail folder and the SMS log the embedded mode writes (empty with SMTP and Twilio)."""
    settings = settings_of(session)
    return EmlFolderChannel(settings.mail_dir), SmsLogChannel(settings.sms_log)


def sent_to(numbers: set[str]):
    """Whether an SMS log line went to one of the numbers (given by their keyed hashes)."""
    return lambda sms: bool(sms.get("to")) and phone_hash(str(sms["to"])) in numbers


def erase_person(session: Session, person: PersonKeys) -> dict[str, int]:
    """An erasure request: every recipient with the person's address or number is forgotten,
    and their mails and SMS lines (by the request's numbers too) removed; again is harmless."""
    counts, mails, numbers = forget(
        session, recipients_of_person(session, person), ERASED, utc_now()
    )
    mail, sms = files_of(session)
    counts["mail_files"] = mail.remove(mails)
    counts["sms_log_lines"] = sms.remove_lines(sent_to(numbers | person.phone_hashes))
    return dict(counts)


def export_person(session: Session, person: PersonKeys) -> dict[str, Any]:
    """An access request: the person's recipients (how we reach them, in which language, their
    choices) and the messages sent to them; nothing of anyone else."""
    recipients = recipients_of_person(session, person)
    events = _titles(session, {r.event_id for r in recipients})
    deliveries = session.scalars(
        select(Delivery)
        .where(Delivery.recipient_id.in_([r.id for r in recipients]))
        .order_by(Delivery.created_at, Delivery.id)
    ).all()
    return {
        "recipients": [_recipient(r, events.get(r.event_id, "")) for r in recipients],
        "deliveries": [_delivery(d) for d in deliveries],
    }


def _titles(session: Session, event_ids: set) -> dict:
    rows = session.execute(select(EventCopy.id, EventCopy.title).where(EventCopy.id.in_(event_ids)))
    return {event_id: title for event_id, title in rows}


#: What an export shows of a recipient (beside their event's title) and of a delivery.
RECIPIENT_RECORD = (
    *("id", "source", "event_id", "status", "name", "email", "phone", "language"),
    *("sms_consent", "reminders_stopped"),
)
DELIVERY_RECORD = ("id", "recipient_id", "kind", "channel", "status", "created_at", "sent_at")


def _recipient(recipient: Recipient, title: str) -> dict[str, Any]:
    return attributes_of(recipient, RECIPIENT_RECORD) | {"event_title": title}


def _delivery(delivery: Delivery) -> dict[str, Any]:
    return attributes_of(delivery, DELIVERY_RECORD) | {"status": delivery.status.value}
