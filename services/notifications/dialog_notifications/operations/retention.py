"""Retention: after an event ended ``NOTIFICATIONS_RETENTION_DAYS`` ago its recipients are
forgotten (as on an erasure request), mails and SMS log lines older than that go, and the
delivery log's answers older than ``NOTIFICATIONS_ATTEMPT_RETENTION_DAYS`` are cleared (its
outcomes and times stay)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dialog_platform.db import settings_of

from ..models import Delivery, DeliveryAttempt, EventCopy, Recipient
from .erasure import files_of, forget, sent_to

EXPIRED = "the retention period ended"


def apply_retention(session: Session, now: datetime, dry_run: bool = False) -> dict[str, int]:
    """Do what is due; the counts of each kind. With ``dry_run`` no file is touched (and the
    caller rolls the transaction back)."""
    settings = settings_of(session)
    cutoff = now - settings.retention
    ended = select(EventCopy.id).where(EventCopy.ends_at < cutoff)
    expired = session.scalars(
        select(Recipient).where(Recipient.event_id.in_(ended), Recipient.erased_at.is_(None))
    ).all()
    counts, mails, numbers = forget(session, expired, EXPIRED, now)
    mail, sms = files_of(session)
    counts["mail_files"] = mail.remove(mails, before=cutoff, dry_run=dry_run)
    gone = sent_to(numbers)
    counts["sms_log_lines"] = sms.remove_lines(
        lambda line: gone(line) or _written_before(line, cutoff), dry_run=dry_run
    )
    answers_cutoff = now - settings.attempt_retention
    counts["answers_cleared"] = session.execute(
        update(DeliveryAttempt)
        .where(DeliveryAttempt.at < answers_cutoff, DeliveryAttempt.answer.is_not(None))
        .values(answer=None)
    ).rowcount
    counts["errors_cleared"] = session.execute(
        update(Delivery)
        .where(Delivery.due_at < answers_cutoff, Delivery.last_error.is_not(None))
        .values(last_error=None)
    ).rowcount
    return dict(counts)


def _written_before(sms: dict, cutoff: datetime) -> bool:
    try:
        return datetime.fromisoformat(sms["at"]) < cutoff
    except (KeyError, TypeError, ValueError):
        return True  # no time we can read: nothing says it may stay
