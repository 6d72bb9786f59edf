"""Reminders: each confirmed recipient's reminders follow the event's plan and time; they are
re-planned when the event's snapshot changes, and dropped once no longer owed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from dialog_platform.db import settings_of
from dialog_platform.messaging.contracts.registrations import RegistrationStatus

from ..domain.reminders import QuietHours, plan_from, reminder_time
from ..messaging.publications import publish_announcements_stopped, publish_reminders_stopped
from ..models import PENDING, REMINDER, Delivery, DeliveryStatus, EventCopy, Recipient
from ..queries import pending_of, recipient_by_stop_token, recipients_of, reminders_of
from .deliveries import dedup_key, drop, enqueue, log_attempt
from .held import Held

#: The recipients whose consents the registrations service holds (a participant's to SMS).
CONSENTS_IN_REGISTRATIONS = ("registration", "invitation")


def reason_not_to_remind(
    recipient: Recipient, event: EventCopy, now: datetime, channel: str | None = None
) -> str:
    """Why no reminder (on ``channel``, if given) may go to this recipient of this event now;
    "" when one may."""
    if now >= event.starts_at:
        return "the event has started"
    if event.status != "published":
        return f"the event is {event.status}"
    if recipient.status != RegistrationStatus.CONFIRMED:
        return f"the registration is {recipient.status}"
    if recipient.reminders_stopped:
        return "the person asked for no more reminders"
    if channel is not None and not _reachable(recipient, channel):
        return f"the person cannot be reminded by {channel}"
    return ""


def quiet_hours_of(session: Session, event: EventCopy) -> QuietHours:
    """The event's own SMS quiet hours, else the setting ``NOTIFICATIONS_SMS_QUIET_HOURS``."""
    return QuietHours.of(event.sms_quiet_hours) or settings_of(session).sms_quiet_hours


def plan_reminders(
    session: Session,
    recipient: Recipient,
    event: EventCopy,
    now: datetime,
    batch: Held | None = None,
) -> None:
    """Make the recipient's reminders match the event's plan and time: new ones are stored,
    queued ones move, and those no longer owed (or that can no longer go before the start)
    are dropped. A copy that knows no plan yet plans none; an empty plan means no reminders.
    ``batch``: what a batch of messages read beforehand; its reminders come from there, and
    the batch flushes."""
    reminders = (
        reminders_of(session, recipient.id, event.id)
        if batch is None
        else batch.reminders_of(recipient.id, event.id)
    )
    queued = None if batch is None else batch.deliveries_of(recipient.id)
    held = {
        delivery.slot: delivery
        for delivery in reminders
        # a copy staff resent goes out as it is
        if delivery.dedup_key == dedup_key(recipient.id, REMINDER, event.id, delivery.slot)
    }
    reason = reason_not_to_remind(recipient, event, now)
    planned = {
        reminder.slot: reminder
        for reminder in plan_from(event.reminder_plan)
        if not reason and _reachable(recipient, reminder.channel)
    }
    for slot, delivery in held.items():
        if slot not in planned and delivery.status in PENDING:
            drop(session, delivery, reason or "no longer planned for this person", now)
    quiet = quiet_hours_of(session, event)
    for slot, reminder in planned.items():
        due = reminder_time(reminder, event.starts_at, quiet)
        existing = held.get(slot)
        if existing is not None:
            _move(session, existing, due, now)
        elif due is not None and due > now:
            channel = reminder.channel
            enqueue(
                session,
                recipient,
                REMINDER,
                event.id,
                slot,
                now,
                channel=channel,
                due_at=due,
                held=queued,
            )
    if batch is None:
        session.flush()


def replan_event(session: Session, event: EventCopy, now: datetime) -> None:
    """After a new snapshot of the event (its time, plan or status): every confirmed
    recipient's reminders follow it."""
    for recipient in recipients_of(session, event.id, (RegistrationStatus.CONFIRMED,)):
        plan_reminders(session, recipient, event, now)


def stop_reminders(session: Session, token: str, now: datetime) -> Recipient | None:
    """The person behind a stop link wants no more reminders: the pending ones are dropped,
    and (the first time) the service that holds their consent is told, which records the
    withdrawal: registrations for a participant or delegate, events for a contact person of
    the directory (no more announcements). A mediation party's id means nothing to either."""
    recipient = recipient_by_stop_token(session, token)
    if recipient is None:
        return None
    if not recipient.reminders_stopped:
        if recipient.stops_announcements:
            publish_announcements_stopped(session, recipient, now)
        elif recipient.source in CONSENTS_IN_REGISTRATIONS:
            publish_reminders_stopped(session, recipient, now)
    recipient.reminders_stopped = True
    plan_reminders(session, recipient, session.get(EventCopy, recipient.event_id), now)
    return recipient


def withdraw_sms_consent(session: Session, recipient: Recipient, now: datetime) -> None:
    """No SMS to this person any more, from now: every pending one is dropped (a copy staff
    resent too), and their reminders are planned without SMS."""
    recipient.sms_consent = False
    for delivery in pending_of(session, recipient.id, channel="sms"):
        drop(session, delivery, "the person withdrew their consent to SMS", now)
    plan_reminders(session, recipient, session.get(EventCopy, recipient.event_id), now)


def _reachable(recipient: Recipient, channel: str) -> bool:
    if channel == "sms":
        return bool(recipient.phone and recipient.sms_consent)
    return bool(recipient.email)


def _move(session: Session, delivery: Delivery, due: datetime | None, now: datetime) -> None:
    """A reminder waiting for its time goes at the new time; one retrying keeps its retries;
    one dropped before (its slot left the plan, or the person was checked in) is planned
    again when its slot is back and its time still to come."""
    if delivery.status == DeliveryStatus.DROPPED and due is not None and due > now:
        delivery.status, delivery.due_at = DeliveryStatus.QUEUED, due
        log_attempt(session, delivery, "queued", f"planned again for {due.isoformat()}", now)
        return
    if delivery.status != DeliveryStatus.QUEUED or delivery.due_at == due:
        return
    if due is None or due <= now:
        drop(session, delivery, "the reminder can no longer go before the start", now)
    else:
        delivery.due_at = due
        log_attempt(session, delivery, "queued", f"moved to {due.isoformat()}", now)
