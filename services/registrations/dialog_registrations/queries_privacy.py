"""Read-only questions of the privacy requests: whose rows a request means, what this service
holds about them (its part of an export), and how far each request has come."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now
from dialog_platform.db import attributes_of, get_one
from dialog_platform.messaging.contracts.privacy import ANSWERING_SERVICES
from dialog_platform.privacy import PersonKeys, jsonable

from .config import SERVICE
from .domain.errors import PrivacyRequestNotFound
from .models import (
    Consent,
    ErasureRequest,
    EventCopy,
    ExportRequest,
    Invitation,
    PersonRequest,
    Registration,
    Subscription,
)

#: Every service that answers a request, this one first.
SERVICES = (SERVICE, *ANSWERING_SERVICES)
#: How long an export request and its answers are kept.
EXPORT_KEPT = timedelta(days=1)


def _of_person(model, person: PersonKeys):
    return or_(model.email_hash.in_(person.email_hashes), model.phone_hash.in_(person.phone_hashes))


def registrations_of_person(session: Session, person: PersonKeys) -> list[Registration]:
    """The person's registrations (by address or number, and those their invitations made)."""
    invited = select(Invitation.registration_id).where(_of_person(Invitation, person))
    query = select(Registration).where(
        or_(_of_person(Registration, person), Registration.id.in_(invited))
    )
    return list(session.scalars(query.order_by(Registration.created_at)))


def invitations_of_person(session: Session, person: PersonKeys) -> list[Invitation]:
    query = select(Invitation).where(_of_person(Invitation, person))
    return list(session.scalars(query.order_by(Invitation.sent_at)))


def subscriptions_of_person(session: Session, person: PersonKeys) -> list[Subscription]:
    query = select(Subscription).where(Subscription.email_hash.in_(person.email_hashes))
    return list(session.scalars(query.order_by(Subscription.created_at)))


def keys_of(request: PersonRequest) -> PersonKeys:
    return PersonKeys(frozenset(request.email_hashes), frozenset(request.phone_hashes))


def covers(request: PersonRequest, person: PersonKeys) -> bool:
    """Whether ``request`` names everything ``person`` does (under any data key): the same
    address unless none is given, the same number unless none is given."""
    keys = keys_of(request)
    return all(
        not theirs or bool(mine & theirs)
        for mine, theirs in (
            (keys.email_hashes, person.email_hashes),
            (keys.phone_hashes, person.phone_hashes),
        )
    )


def person_records(session: Session, person: PersonKeys) -> dict[str, Any]:
    """What this service holds about the person, as their export shows it (each record with
    the event it is for, in short)."""
    registrations = [r for r in registrations_of_person(session, person) if not r.erased_at]
    invitations = [i for i in invitations_of_person(session, person) if not i.erased_at]
    event_ids = {row.event_id for row in (*registrations, *invitations)}
    events = {
        e.id: {"title": e.title, "starts_at": e.starts_at, "ends_at": e.ends_at}
        for e in session.scalars(select(EventCopy).where(EventCopy.id.in_(event_ids)))
    }
    return jsonable(
        {
            "registrations": [
                _registration_record(r) | {"event": events[r.event_id]} for r in registrations
            ],
            "invitations": [
                _invitation_record(i) | {"event": events[i.event_id]} for i in invitations
            ],
            "subscriptions": [
                _subscription_record(s) for s in subscriptions_of_person(session, person)
            ],
        }
    )


#: What an export shows of a registration and of an invitation, beside the event.
REGISTRATION_RECORD = (
    *("id", "event_id", "status", "name", "email", "phone", "organisation", "language"),
    *("needs", "source", "created_at", "email_confirmed_at", "seated_at", "cancelled_at"),
    *("cancelled_by", "cancel_reason", "checked_in_at"),
)
INVITATION_RECORD = (
    *("id", "event_id", "round_table_name", "delegate_id", "name", "email", "phone"),
    *("organisation_name", "language", "status", "sent_at", "answered_at", "registration_id"),
)


#: What an export shows of a consent given with a subscription, and with a registration.
SUBSCRIPTION_CONSENT_RECORD = ("purpose", "text", "text_version", "language", "given_at")
REGISTRATION_CONSENT_RECORD = (
    *SUBSCRIPTION_CONSENT_RECORD,
    *("source", "withdrawn_at", "withdrawn_by"),
)
SUBSCRIPTION_RECORD = (
    *("id", "topic_kind", "topic_key", "topic_title", "name", "email", "language", "status"),
    *("created_at", "confirmed_at"),
)


def _consent_records(consents: list[Consent], names: tuple[str, ...]) -> list[dict[str, Any]]:
    """The consents as an export shows them, ``text`` being the exact wording shown."""
    return [
        {name: consent.wording.text if name == "text" else getattr(consent, name) for name in names}
        for consent in consents
    ]


def _registration_record(registration: Registration) -> dict[str, Any]:
    return attributes_of(registration, REGISTRATION_RECORD) | {
        "consents": _consent_records(registration.consents, REGISTRATION_CONSENT_RECORD)
    }


def _subscription_record(subscription: Subscription) -> dict[str, Any]:
    return attributes_of(subscription, SUBSCRIPTION_RECORD) | {
        "consents": _consent_records(subscription.consents, SUBSCRIPTION_CONSENT_RECORD)
    }


def _invitation_record(invitation: Invitation) -> dict[str, Any]:
    return attributes_of(invitation, INVITATION_RECORD)


def find_erasure(session: Session, request_id: uuid.UUID, lock: bool = False) -> ErasureRequest:
    missing = PrivacyRequestNotFound("There is no erasure request with this id.")
    return get_one(session, ErasureRequest, request_id, missing, lock=lock)


def erasure_requests(session: Session) -> list[ErasureRequest]:
    """The erasure ledger, newest first."""
    query = select(ErasureRequest).order_by(ErasureRequest.requested_at.desc())
    return list(session.scalars(query))


def open_erasure(session: Session, person: PersonKeys) -> ErasureRequest | None:
    """A request covering this person that some service has not confirmed yet, if any."""
    query = select(ErasureRequest).where(ErasureRequest.completed_at.is_(None))
    return next((r for r in session.scalars(query) if covers(r, person)), None)


def kept_since(now: datetime | None = None) -> datetime:
    """Export requests made before this are gone (their answers held personal data)."""
    return (now or utc_now()) - EXPORT_KEPT


def find_export(session: Session, request_id: uuid.UUID, lock: bool = False) -> ExportRequest:
    missing = PrivacyRequestNotFound(
        "There is no export request with this id (exports are kept for a day)."
    )
    request = get_one(session, ExportRequest, request_id, missing, lock=lock)
    if request.requested_at < kept_since():
        raise missing
    return request


def export_requests(session: Session) -> list[ExportRequest]:
    """The export requests of the last day, newest first."""
    query = (
        select(ExportRequest)
        .where(ExportRequest.requested_at >= kept_since())
        .order_by(ExportRequest.requested_at.desc())
    )
    return list(session.scalars(query))


def open_export(session: Session, person: PersonKeys) -> ExportRequest | None:
    query = select(ExportRequest).where(
        ExportRequest.completed_at.is_(None), ExportRequest.requested_at >= kept_since()
    )
    return next((r for r in session.scalars(query) if covers(r, person)), None)


def describe_erasure(request: ErasureRequest) -> dict[str, Any]:
    """A request as the API shows it: which services have confirmed, when, what."""
    confirmed = {c.service: c for c in request.confirmations}
    return {
        "id": request.id,
        "requested_at": request.requested_at,
        "requested_by": request.requested_by,
        "complete": request.completed_at is not None,
        "completed_at": request.completed_at,
        "services": [
            {
                "service": service,
                "confirmed": service in confirmed,
                "confirmed_at": confirmed[service].confirmed_at if service in confirmed else None,
                "erased": confirmed[service].erased if service in confirmed else {},
            }
            for service in SERVICES
        ],
        "waiting_for": [service for service in SERVICES if service not in confirmed],
    }


def describe_export(request: ExportRequest) -> dict[str, Any]:
    """A request as the API shows it; ``document`` once every service has answered."""
    parts = {p.service: p for p in request.parts}
    complete = request.completed_at is not None
    return {
        "id": request.id,
        "requested_at": request.requested_at,
        "requested_by": request.requested_by,
        "complete": complete,
        "completed_at": request.completed_at,
        "services": [
            {
                "service": service,
                "answered": service in parts,
                "answered_at": parts[service].received_at if service in parts else None,
            }
            for service in SERVICES
        ],
        "waiting_for": [service for service in SERVICES if service not in parts],
        "document": {service: parts[service].records for service in SERVICES} if complete else None,
    }
