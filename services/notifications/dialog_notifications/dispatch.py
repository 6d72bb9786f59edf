"""The scheduler's work: send what is due, once, and log every attempt.

A batch of due deliveries is claimed with ``FOR UPDATE SKIP LOCKED`` (several schedulers may
run; on SQLite every transaction takes the write lock, so batches are serialised), sent over
one connection per channel, and its outcomes committed with the outbox messages in the same
transaction. A crash mid-batch rolls back and the batch goes again (with the same Message-ID).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from jinja2 import TemplateError
from sqlalchemy import select

from dialog_platform.clock import utc_now
from dialog_platform.db import Database
from dialog_platform.logging import get_logger

from .channels import DeliveryFailure, PermanentFailure
from .composition import calendar_part_of, compose_email
from .domain.redaction import without_contact
from .domain.reminders import end_of_quiet_hours, in_quiet_hours
from .messaging.publications import publish_delivery_outcome
from .models import PENDING, REMINDER, Delivery, DeliveryStatus, EventCopy, Recipient
from .operations.deliveries import drop, log_attempt
from .operations.reminders import quiet_hours_of, reason_not_to_remind
from .rendering import render

log = get_logger(__name__)

#: Seconds before each retry of a temporary failure; after the last the delivery has failed.
RETRY_DELAYS = (60, 300, 900, 3600, 3 * 3600, 12 * 3600)


@dataclass
class Dispatcher:
    email: object  # SmtpChannel or EmlFolderChannel
    sms: object  # TwilioChannel or SmsLogChannel
    mail_from: str
    public_url: str
    batch_size: int = 100
    retry_delays: tuple[float, ...] = RETRY_DELAYS
    sent: int = field(default=0)

    def dispatch_due(self, db: Database) -> int:
        """Send one batch of due deliveries; returns how many were handled."""
        now = utc_now()
        with db.transaction() as session:
            batch = session.scalars(
                select(Delivery)
                .where(Delivery.status.in_(PENDING), Delivery.due_at <= now)
                .order_by(Delivery.due_at)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            # One query each for the batch's recipients and events (held here: the identity
            # map keeps objects only while someone refers to them), and one flush at commit.
            people = _by_id(session, Recipient, {d.recipient_id for d in batch})
            events = _by_id(session, EventCopy, {d.event_id for d in batch})
            try:
                with session.no_autoflush:
                    for delivery in batch:
                        recipient = people[delivery.recipient_id]
                        self._handle(session, delivery, recipient, events[delivery.event_id], now)
            finally:
                self.email.close()
                self.sms.close()
        return len(batch)

    def _handle(self, session, delivery: Delivery, recipient, event, now: datetime) -> None:
        if delivery.kind == REMINDER:
            reason = reason_not_to_remind(recipient, event, now, delivery.channel)
            if reason:
                drop(session, delivery, reason, now)
                return
            quiet = quiet_hours_of(session, event)
            if delivery.channel == "sms" and in_quiet_hours(now, quiet):
                later = end_of_quiet_hours(now, quiet)
                if later >= event.starts_at:
                    drop(session, delivery, "quiet hours last until the start", now)
                else:
                    delivery.due_at = later
                    moved = f"quiet hours: moved to {quiet.end:%H:%M}"
                    log_attempt(session, delivery, "queued", moved, now)
                return
        delivery.attempts += 1
        try:
            answer = self._send(delivery, recipient, event, now)
        except DeliveryFailure as failure:
            self._failed(session, delivery, failure, recipient, now)
            return
        except TemplateError as exc:  # a broken template must not block the rest of the batch
            failure = PermanentFailure(f"template error: {exc}")
            self._failed(session, delivery, failure, recipient, now)
            return
        delivery.status = DeliveryStatus.SENT
        delivery.sent_at = now
        delivery.last_error = None
        log_attempt(session, delivery, "sent", without_contact(answer, recipient.phone), now)
        publish_delivery_outcome(session, delivery, now)
        self.sent += 1

    def _failed(
        self, session, delivery: Delivery, failure: DeliveryFailure, recipient: Recipient, now
    ) -> None:
        # The provider may quote the address or number it refused: the log keeps neither.
        answer = without_contact(failure.answer, recipient.phone)
        delivery.last_error = answer[:2000]
        if not failure.permanent and delivery.attempts <= len(self.retry_delays):
            delivery.status = DeliveryStatus.RETRYING
            delay = self.retry_delays[delivery.attempts - 1]
            delivery.due_at = now + timedelta(seconds=delay)
            log_attempt(session, delivery, "retrying", answer, now)
            return
        delivery.status = DeliveryStatus.FAILED
        log_attempt(session, delivery, "failed", answer, now)
        publish_delivery_outcome(session, delivery, now)
        log.warning("delivery failed", delivery_id=str(delivery.id), kind=delivery.kind)

    def _send(self, delivery: Delivery, recipient: Recipient, event: EventCopy, now) -> str:
        values = template_values(delivery, recipient, event, self.public_url)
        rendered = render(delivery.kind, recipient.language, values, sms=delivery.channel == "sms")
        if delivery.channel == "sms":
            if not recipient.phone:
                raise _no_address("phone number")
            return self.sms.send(recipient.phone, rendered.sms or rendered.subject)
        if not recipient.email:
            raise _no_address("email address")
        message = compose_email(
            rendered,
            to=recipient.email,
            sender=self.mail_from,
            delivery_id=delivery.id,
            language=recipient.language,
            stop_url=values.get("stop_url"),
            calendar_part=calendar_part_of(delivery, recipient, event, self.mail_from),
            now=now,
        )
        return self.email.send(message)


def _by_id(session, model, ids) -> dict:
    return {row.id: row for row in session.scalars(select(model).where(model.id.in_(ids)))}


def _no_address(what: str) -> DeliveryFailure:
    return PermanentFailure(f"the recipient has no {what}")


def template_values(delivery, recipient: Recipient, event: EventCopy, public_url: str) -> dict:
    """What a template sees: the recipient, the event as we know it now, the delivery's context."""
    values = {
        "name": recipient.name,
        "title": event.title,
        "starts_at": event.starts_at,
        "place": event.place,
        "position": None,
        "reason": "",
        "cancelled_by": "",
        "organisation_name": "",
        "round_table_name": "",
        "case_reference": "",
        "confirm_url": "",
        "cancel_url": "",
        "accept_url": "",
        "decline_url": "",
        "signup_url": "",
        "unsubscribe_url": "",
        "topic_title": "",
        "withdrawn": "",
        **recipient.links,
        **delivery.context,
    }
    if values.get("old_starts_at"):
        values["old_starts_at"] = datetime.fromisoformat(values["old_starts_at"])
    if delivery.channel == "email":  # a subscription's mails: its own unsubscribe link
        stop = f"{public_url}/api/v1/reminders/stop/{recipient.stop_token}"
        values["stop_url"] = values["unsubscribe_url"] or stop
    return values
