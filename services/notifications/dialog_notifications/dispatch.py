"""The scheduler's work: send what is due, once, and log every attempt.

A batch of due deliveries is claimed with ``FOR NO KEY UPDATE SKIP LOCKED`` in the batch's
transaction: several schedulers may run, and a crashed one's claim ends with its connection.
Each hand-off to the SMTP server or SMS provider is recorded (a "sent" attempt) and committed on
a second connection before the next one starts, so a crash re-sends at most the one message in
flight. A thread beside the batch's loop (``_beside_the_loop``) writes that record and makes
the next message (rendered, composed) while the loop hands one off; each message is handed off
only once the record of the one before is committed: a mail waits for it with the SMTP server
waiting for its content (after MAIL, RCPT and DATA, which hand nothing off).

Those commits are asynchronous (``synchronous_commit = off``, ``_hand_off_log``): a commit is in
the server's memory, seen by every other transaction, before the next mail, so a crashed
*scheduler* still re-sends at most its one mail in flight; only a crash of PostgreSQL itself (or
its machine) may lose the last fraction of a second of hand-off records (at most three
``wal_writer_delay``, 0.6 s by default), and those mails go once more, with the same Message-ID.
That is the price of the per-mail record without waiting for the disk each time. The batch's
outcomes (statuses, the other attempts, its outbox messages in one INSERT) are committed
together at its end; a delivery still pending with a recorded hand-off was sent by a scheduler
that crashed before that, and is finished without being sent again.

On SQLite (the embedded mode: one scheduler, one writer, no row locks) the batch's own session
records each hand-off and commits it, and the loop makes each message itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from jinja2 import TemplateError
from sqlalchemy import select
from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now
from dialog_platform.db import Database
from dialog_platform.logging import get_logger
from dialog_platform.workers_health import DELIVERIES_FAILED, DELIVERIES_SENT

from .channels import DeliveryFailure, PermanentFailure
from .composition import calendar_part_of, compose_email
from .domain.redaction import without_contact
from .domain.reminders import end_of_quiet_hours, in_quiet_hours
from .messaging.publications import publish_delivery_outcomes
from .models import PENDING, REMINDER, Delivery, DeliveryStatus, EventCopy, Recipient
from .operations.deliveries import drop, hand_offs_of, log_attempt, log_hand_off
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
    #: Called before each delivery: a long batch shows its loop is alive (``Heartbeat.beat``).
    heartbeat: Callable[[], None] = lambda: None
    sent: int = field(default=0)

    def dispatch_due(self, db: Database) -> int:
        """Send one batch of due deliveries; returns how many were handled. The channels' open
        connections stay open for the next batch (``close`` ends them)."""
        now = utc_now()
        # Committed at the end of the batch, rolled back (closed uncommitted) if it raises.
        with (
            db.sessions() as session,
            _beside_the_loop(db) as run,
            _hand_off_log(db, session, run) as hand_offs,
        ):
            batch = session.scalars(
                select(Delivery)
                .where(Delivery.status.in_(PENDING), Delivery.due_at <= now)
                .order_by(Delivery.due_at)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True, key_share=True)
            ).all()
            if not batch:
                session.commit()
                return 0
            # One query each for the batch's recipients and events (held here: the identity
            # map keeps objects only while someone refers to them), and one flush at commit.
            people = _by_id(session, Recipient, {d.recipient_id for d in batch})
            events = _by_id(session, EventCopy, {d.event_id for d in batch})
            sent_before = hand_offs_of(session, [d.id for d in batch])
            outcomes: list[tuple[Delivery, str | DeliveryFailure]] = []
            with session.no_autoflush:
                due = []
                for delivery in batch:
                    if delivery.id in sent_before:  # its scheduler crashed after the hand-off
                        outcomes.append((delivery, "handed off before a crash"))
                        continue
                    recipient = people[delivery.recipient_id]
                    event = events[delivery.event_id]
                    if not self._held_back(session, delivery, recipient, event, now):
                        due.append((delivery, recipient, event))

                def made(i: int) -> Future | None:  # beside the loop, while the one before goes
                    return run(self._message, *due[i], now) if i < len(due) else None

                following = made(0)
                for i, (delivery, recipient, _event) in enumerate(due):
                    self.heartbeat()
                    message, following = following, made(i + 1)
                    outcome = self._attempt(delivery, recipient, message, hand_offs.committed)
                    if isinstance(outcome, str):  # committed before the next hand-off
                        hand_offs.record(delivery, outcome, now)
                    outcomes.append((delivery, outcome))
                hand_offs.committed()
                self._record(session, outcomes, now)
            session.commit()
        return len(batch)

    def close(self) -> None:
        """End the channels' connections (the scheduler stops)."""
        self.email.close()
        self.sms.close()

    def _held_back(self, session, delivery: Delivery, recipient, event, now: datetime) -> bool:
        """Whether a reminder is no longer owed (dropped) or waits for the end of quiet hours."""
        if delivery.kind != REMINDER:
            return False
        reason = reason_not_to_remind(recipient, event, now, delivery.channel)
        if reason:
            drop(session, delivery, reason, now)
            return True
        quiet = quiet_hours_of(session, event)
        if delivery.channel == "sms" and in_quiet_hours(now, quiet):
            later = end_of_quiet_hours(now, quiet)
            if later >= event.starts_at:
                drop(session, delivery, "quiet hours last until the start", now)
            else:
                delivery.due_at = later
                moved = f"quiet hours: moved to {quiet.end:%H:%M}"
                log_attempt(session, delivery, "queued", moved, now)
            return True
        return False

    def _attempt(
        self, delivery: Delivery, recipient, message: Future, ready: Callable[[], None]
    ) -> str | DeliveryFailure:
        """Hand ``message`` (``_message``'s) off once it is made and ``ready`` returns (the
        record of the hand-off before is committed): the provider's answer (without the
        person's contact data), or the failure."""
        try:
            answer = message.result()(ready)
        except DeliveryFailure as failure:
            outcome = failure
        except TemplateError as exc:  # a broken template must not block the rest of the batch
            outcome = PermanentFailure(f"template error: {exc}")
        else:
            DELIVERIES_SENT.labels(delivery.channel, delivery.kind).inc()
            self.sent += 1
            return without_contact(answer, recipient.phone)
        # The provider may quote the address or number it refused: the log keeps neither.
        outcome.answer = without_contact(outcome.answer, recipient.phone)
        final = outcome.permanent or delivery.attempts + 1 > len(self.retry_delays)
        DELIVERIES_FAILED.labels(delivery.channel, delivery.kind, str(final).lower()).inc()
        return outcome

    def _record(self, session: Session, outcomes, now: datetime) -> None:
        """The batch's outcomes on its deliveries, their attempts (a hand-off's is logged
        already) and the outbox messages of those that reached their end."""
        ended = []
        for delivery, outcome in outcomes:
            delivery.attempts += 1
            if isinstance(outcome, str):
                delivery.status = DeliveryStatus.SENT
                delivery.sent_at = now
                delivery.last_error = None
                ended.append(delivery)
            elif self._failed(session, delivery, outcome, now):
                ended.append(delivery)
        publish_delivery_outcomes(session, ended, now)

    def _failed(self, session, delivery: Delivery, failure: DeliveryFailure, now) -> bool:
        """Retry later, or (permanent, or retries exhausted) fail: True when it has failed."""
        answer = failure.answer
        delivery.last_error = answer[:2000]
        if not failure.permanent and delivery.attempts <= len(self.retry_delays):
            delivery.status = DeliveryStatus.RETRYING
            delay = self.retry_delays[delivery.attempts - 1]
            delivery.due_at = now + timedelta(seconds=delay)
            log_attempt(session, delivery, "retrying", answer, now)
            return False
        delivery.status = DeliveryStatus.FAILED
        log_attempt(session, delivery, "failed", answer, now)
        log.warning("delivery failed", delivery_id=str(delivery.id), kind=delivery.kind)
        return True

    def _message(
        self, delivery: Delivery, recipient: Recipient, event: EventCopy, now
    ) -> Callable[[Callable[[], None]], str]:
        """The delivery's message, rendered and composed, as the call that hands it off once
        its argument returns (an email: when the SMTP server waits for its content)."""
        values = template_values(delivery, recipient, event, self.public_url)
        rendered = render(delivery.kind, recipient.language, values, sms=delivery.channel == "sms")
        if delivery.channel == "sms":
            if not recipient.phone:
                raise _no_address("phone number")
            return partial(self._send_sms, recipient.phone, rendered.sms or rendered.subject)
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
        return partial(self.email.send, message)

    def _send_sms(self, phone: str, text: str, ready: Callable[[], None]) -> str:
        ready()
        return self.sms.send(phone, text)


@contextmanager
def _beside_the_loop(db: Database) -> Iterator[Callable[..., Future]]:
    """``run(function, *args)``: the batch's work that goes beside its loop (the next message
    made, the last hand-off recorded), in a thread of its own on PostgreSQL, the calls in
    turn; at once on SQLite (its one writer records the hand-offs in the batch's session)."""
    if db.engine.dialect.name == "sqlite":
        yield _at_once
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="dispatch") as thread:
        yield thread.submit


def _at_once(function: Callable[..., object], *args) -> Future:
    future: Future = Future()
    try:
        future.set_result(function(*args))
    except Exception as exc:
        future.set_exception(exc)
    return future


class _HandOffLog:
    """The batch's hand-off records: ``record`` writes one (``run`` beside the loop);
    ``committed`` returns once the last one is committed, and raises if writing it failed."""

    def __init__(self, write: Callable[..., None], run: Callable[..., Future]) -> None:
        self._write, self._run = write, run
        self._pending: Future | None = None

    def record(self, delivery: Delivery, answer: str, now: datetime) -> None:
        self.committed()
        self._pending = self._run(self._write, delivery, answer, now)

    def committed(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()


@contextmanager
def _hand_off_log(
    db: Database, batch: Session, run: Callable[..., Future]
) -> Iterator[_HandOffLog]:
    """How a hand-off is recorded and committed: on a connection of its own beside the batch's
    (which keeps its claim), held for the batch, each INSERT its own transaction (one round
    trip), written while the next message is handed off; on SQLite in the batch's session,
    committed there (one writer: the file's lock is the batch's)."""
    if db.engine.dialect.name == "sqlite":

        def record(delivery: Delivery, answer: str, now: datetime) -> None:
            log_hand_off(batch, delivery, answer, now)
            batch.commit()

        yield _HandOffLog(record, run)
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        # Asynchronous commits for the hand-off records only (the module's docstring says what
        # a crash of PostgreSQL may cost); the connection goes back to the pool as it was.
        connection.exec_driver_sql("SET synchronous_commit = off")
        hand_offs = _HandOffLog(partial(log_hand_off, connection), run)
        try:
            yield hand_offs
        finally:
            hand_offs.committed()  # the last record's outcome before the batch's own
            if not connection.invalidated:
                connection.exec_driver_sql("RESET synchronous_commit")


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
    stop = f"{public_url}/api/v1/reminders/stop/{recipient.stop_token}"
    if recipient.stops_announcements:  # the link ends a contact person's announcements,
        values["unsubscribe_url"] = values["unsubscribe_url"] or stop  # by SMS too
    if delivery.channel == "email" or recipient.stops_announcements:
        values["stop_url"] = values["unsubscribe_url"] or stop  # a subscription's: its own
    return values
