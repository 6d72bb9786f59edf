"""Removing a person's details from this service: their subscriptions are deleted; their
registrations and invitations are
pseudonymised (every contact field emptied, its hashes with it) while statuses, seats, times,
check-ins and places on the waiting list stay, so every count and figure is the same after as
before; copies in the sent outbox, the dead letters and the retry queues go too."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

import amqp
from kombu.exceptions import OperationalError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dialog_platform import privacy
from dialog_platform.privacy import PersonKeys

from ..config import SERVICE
from ..domain.errors import BrokerUnavailable
from ..models import ExportPart, ExportRequest, Invitation, Registration
from ..queries_privacy import (
    invitations_of_person,
    keys_of,
    registrations_of_person,
    subscriptions_of_person,
)
from .report import keep_participant_marks
from .seats import lock_event
from .subscriptions import delete_subscriptions

#: The fields that say who a registration's or an invitation's person is.
REGISTRATION_FIELDS = ("name", "email", "phone", "organisation", "needs")
INVITATION_FIELDS = ("name", "email", "phone", "organisation_name")


def pseudonymise(rows: Iterable[Registration | Invitation], now: datetime) -> int:
    """Empty the personal fields of every row not yet erased; how many were. Their lookup
    hashes follow on flush (``dialog_platform.personal``)."""
    count = 0
    for row in rows:
        if row.erased_at is not None:
            continue
        fields = REGISTRATION_FIELDS if isinstance(row, Registration) else INVITATION_FIELDS
        for name in fields:
            setattr(row, name, None)
        if isinstance(row, Registration):
            row.cancel_reason = ""  # staff's words about the person
        row.erased_at = now
        count += 1
    return count


def erase_person(session: Session, person: PersonKeys, now: datetime) -> dict[str, int]:
    """Pseudonymise the person's registrations and invitations and delete their export
    requests (the answers hold their data); counts of each."""
    registrations = registrations_of_person(session, person)
    invitations = invitations_of_person(session, person)
    # Under each event's lock, as every change of a registration is: a change running now
    # finishes first, and none after reads the details again.
    for event_id in sorted({row.event_id for row in (*registrations, *invitations)}):
        lock_event(session, event_id)
    registrations = _fresh(session, Registration, registrations)
    invitations = _fresh(session, Invitation, invitations)
    keep_participant_marks(session, registrations)  # the yearly report counts them still
    counts = {
        "registrations": pseudonymise(registrations, now),
        "invitations": pseudonymise(invitations, now),
        "exports": delete_exports(session, lambda request: _about(request, person)),
        "subscriptions": _delete_subscriptions(session, person),
    }
    session.flush()
    return counts


def _delete_subscriptions(session: Session, person: PersonKeys) -> int:
    """A subscription is only its address: the person's are deleted, not kept as figures."""
    ids = [subscription.id for subscription in subscriptions_of_person(session, person)]
    if ids:
        delete_subscriptions(session, ids)
    return len(ids)


def _fresh(session: Session, model, rows: list) -> list:
    if not rows:
        return []
    query = select(model).where(model.id.in_([row.id for row in rows]))
    return list(session.scalars(query.execution_options(populate_existing=True)))


def _about(request: ExportRequest, person: PersonKeys) -> bool:
    """Whether an export request names the person by address or number."""
    keys = keys_of(request)
    return bool(keys.email_hashes & person.email_hashes or keys.phone_hashes & person.phone_hashes)


def delete_exports(session: Session, which: Callable[[ExportRequest], bool]) -> int:
    """Delete the export requests (and their answers) ``which`` picks; how many."""
    ids = [request.id for request in session.scalars(select(ExportRequest)) if which(request)]
    if ids:
        session.execute(delete(ExportPart).where(ExportPart.request_id.in_(ids)))
        session.execute(delete(ExportRequest).where(ExportRequest.id.in_(ids)))
    return len(ids)


def sweep_copies(session: Session, person: PersonKeys) -> dict[str, int]:
    """Remove the person from this service's sent outbox rows, dead letters and retry queues."""
    return _broker_needed(lambda: privacy.sweep_copies(session, SERVICE, person))


def remove_letters(session: Session, matches: Callable[[str], bool]) -> dict[str, int]:
    """Remove the messages ``matches`` picks from this service's dead-letter and retry queues."""
    return _broker_needed(lambda: privacy.remove_copies(session, SERVICE, matches))


def _broker_needed(removal: Callable[[], dict[str, int]]) -> dict[str, int]:
    try:
        return removal()
    except (OSError, OperationalError, amqp.exceptions.AMQPError) as exc:
        raise BrokerUnavailable(
            "The message broker cannot be reached, so nothing was erased. "
            "Please try again in a moment."
        ) from exc
