"""Keeping personal data short: registrations and invitations of events that ended more than
``REGISTRATIONS_RETENTION_DAYS`` ago are pseudonymised as an erasure does (every figure stays),
export requests older than a day are deleted, and dead letters about those events removed;
subscriptions not confirmed in time (or ended) are deleted.
Messages about an erased person that were not yet sent when the erasure ran (the relay sent
them afterwards) are swept from the outbox too."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialog_platform.db import settings_of
from dialog_platform.messaging.tables import outbox
from dialog_platform.privacy import message_mentions, sweep_outbox

from ..domain.errors import BrokerUnavailable
from ..models import ErasureRequest, EventCopy, ExportRequest, Invitation, Registration
from ..queries_privacy import kept_since, keys_of
from .erasure import delete_exports, pseudonymise, remove_letters
from .report import keep_participant_marks
from .seats import lock_event
from .subscriptions import expire_subscriptions


@dataclass(frozen=True)
class Retained:
    """What one run did (or, dry, would do): counts only."""

    events: int
    registrations: int
    invitations: int
    exports: int
    #: Sent outbox rows naming a person erased within the outbox's retention.
    outbox: int
    #: None when the broker could not be reached (tried again next run).
    dead_letters: int | None
    #: Subscriptions never confirmed in time, or ended, deleted.
    subscriptions: int = 0

    def sentence(self, days: int, dry_run: bool) -> str:
        verb = "would be" if dry_run else "were"
        letters = "unknown (broker unreachable)" if self.dead_letters is None else self.dead_letters
        return (
            f"of {self.events} event(s) that ended more than {days} days ago, "
            f"{self.registrations} registration(s) and {self.invitations} invitation(s) {verb} "
            f"pseudonymised; {self.exports} export request(s) older than a day, "
            f"{letters} dead letter(s) about such events and {self.outbox} sent message(s) "
            f"naming an erased person {verb} deleted; {self.subscriptions} unconfirmed or "
            f"ended subscription(s) {verb} deleted"
        )


def retain(session: Session, now: datetime, dry_run: bool = False) -> Retained:
    """One retention run at ``now``; ``dry_run`` only counts."""
    cutoff = now - settings_of(session).retention
    ended = set(session.scalars(select(EventCopy.id).where(EventCopy.ends_at < cutoff)))
    registrations = _not_erased(session, Registration, ended)
    invitations = _not_erased(session, Invitation, ended)
    if not dry_run:  # under each event's lock, as every change of its registrations
        for event_id in sorted({row.event_id for row in (*registrations, *invitations)}):
            lock_event(session, event_id)
        registrations = _not_erased(session, Registration, ended)
        invitations = _not_erased(session, Invitation, ended)
    old = kept_since(now)
    exports = [r for r in session.scalars(select(ExportRequest)) if r.requested_at < old]
    if not dry_run:
        keep_participant_marks(session, registrations)  # the yearly report counts them still
        pseudonymise(registrations, now)
        pseudonymise(invitations, now)
        delete_exports(session, lambda request: request.requested_at < old)
        session.flush()
    return Retained(
        events=len({row.event_id for row in (*registrations, *invitations)}),
        registrations=len(registrations),
        invitations=len(invitations),
        exports=len(exports),
        outbox=_late_messages(session, now, dry_run),
        dead_letters=_dead_letters(session, ended, dry_run),
        subscriptions=expire_subscriptions(session, now, dry_run),
    )


def _not_erased(session: Session, model, event_ids: set) -> list:
    if not event_ids:
        return []
    query = select(model).where(model.event_id.in_(event_ids), model.erased_at.is_(None))
    return list(session.scalars(query.execution_options(populate_existing=True)))


def _late_messages(session: Session, now: datetime, dry_run: bool) -> int:
    """Sent outbox rows naming someone erased while they may still have been waiting to be
    sent (removed unless ``dry_run``)."""
    since = now - settings_of(session).outbox_retention
    erased = select(ErasureRequest).where(ErasureRequest.requested_at >= since)
    people = [keys_of(request) for request in session.scalars(erased)]
    if not dry_run:
        return sum(sweep_outbox(session, person) for person in people)
    sent = session.scalars(select(outbox.c.body).where(outbox.c.sent_at.is_not(None)))
    return sum(1 for body in sent if any(message_mentions(p, body) for p in people))


def _dead_letters(session: Session, event_ids: set, dry_run: bool) -> int | None:
    """Dead letters and retries naming one of the events (removed unless ``dry_run``)."""
    if not event_ids:
        return 0
    wanted = [str(event_id) for event_id in event_ids]
    found = []

    def about_them(body: str) -> bool:
        if any(event_id in body for event_id in wanted):
            found.append(True)
            return not dry_run
        return False

    try:
        remove_letters(session, about_them)
    except BrokerUnavailable:
        return None
    return len(found)
