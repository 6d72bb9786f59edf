"""Consents: given with a sign-up (each with the exact text shown), withdrawn by staff or by
the person's "stop reminders"."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now
from dialog_platform.db import conflict_insert, settings_of

from ..domain.consent import WITHDRAWABLE, Withdrawal, text_version
from ..domain.errors import ConsentNotWithdrawable
from ..messaging import publications
from ..models import Consent, ConsentText, Registration
from ..texts import consent_text
from .seats import lock_registration


def give_consents(
    session: Session,
    registration: Registration,
    purposes: list[str],
    source: str,
    language: str,
    now: datetime,
) -> None:
    """Record consent to each of ``purposes`` as shown in ``language``. A registration made
    anew (the same address after its end) ends the consents of its earlier sign-up."""
    for consent in registration.consents:
        if consent.withdrawn_at is None:
            consent.withdrawn_at, consent.withdrawn_by = now, Withdrawal.REPLACED
    registration.consents.extend(new_consents(session, purposes, source, language, now))


def new_consents(
    session: Session, purposes: list[str], source: str, language: str, now: datetime
) -> list[Consent]:
    """Consent records to each of ``purposes`` as shown in ``language`` (not yet in the
    session); the texts shown are stored."""
    days = settings_of(session).retention_days
    version = text_version(days)
    consents = []
    for purpose in purposes:
        _keep_text(session, purpose, version, language, days)
        consents.append(
            Consent(
                id=uuid.uuid4(),
                purpose=purpose,
                text_version=version,
                language=language,
                given_at=now,
                source=source,
            )
        )
    return consents


def _keep_text(session: Session, purpose: str, version: str, language: str, days: int) -> None:
    """The text shown, stored the first time any sign-up shows it (once, however many race)."""
    key, connection = (purpose, version, language), session.connection()
    #: Texts seen committed already, per database connection: each is asked for once.
    known = connection.info.setdefault("registrations_consent_texts", set())
    transaction, mine = session.info.get("registrations_consent_texts", (None, set()))
    if transaction is not session.get_transaction():  # written by this transaction: uncommitted
        transaction, mine = session.get_transaction(), set()
        session.info["registrations_consent_texts"] = (transaction, mine)
    if key in known:
        return
    text = consent_text(purpose, language, days)
    written = session.execute(
        conflict_insert(connection.dialect.name, ConsentText.__table__)
        .values(purpose=purpose, version=version, language=language, text=text)
        .on_conflict_do_nothing()
        .returning(ConsentText.purpose)
    ).first()
    if written is not None:
        mine.add(key)
    elif key not in mine:
        known.add(key)


def withdraw_consent(
    session: Session,
    registration_id: uuid.UUID,
    purpose: str,
    by: Withdrawal,
    at: datetime | None = None,
) -> tuple[Registration, bool]:
    """End the consent to ``purpose`` (at ``at``). Staff's withdrawal is published, so that
    notifications stops what it allowed at once; the person's own "stop reminders" came from
    notifications, which has stopped already. Returns the registration and whether no such
    consent held any more (nothing changed)."""
    if purpose not in WITHDRAWABLE:
        raise ConsentNotWithdrawable(
            "Only the consent to SMS reminders can be withdrawn on its own. To end the "
            "registration itself, cancel it."
        )
    event, registration = lock_registration(session, registration_id, utc_now())
    consent = registration.consent_to(purpose)
    if consent is None:
        return registration, True
    consent.withdrawn_at, consent.withdrawn_by = at or utc_now(), by
    registration.version += 1  # others learn the change with the next snapshot, or this one
    session.flush()
    if by == Withdrawal.STAFF:
        publications.registration_consent_withdrawn(session, registration, event, purpose)
    return registration, False
