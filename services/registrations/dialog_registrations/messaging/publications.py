"""One function per message the registrations service publishes; each writes to the outbox.

Every registration message carries the whole ``RegistrationSnapshot`` (contracts/registrations.py):
the person, their channels and consents, language, the event in short and their links.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dialog_platform.db import attributes_of, settings_of
from dialog_platform.messaging.envelope import Envelope
from dialog_platform.messaging.outbox import add_to_outbox

from .. import links
from ..config import SERVICE
from ..domain.confirmation import must_confirm
from ..domain.states import SEATED, RegistrationStatus, SubscriptionStatus
from ..models import (
    ErasureRequest,
    EventCopy,
    ExportRequest,
    Invitation,
    Registration,
    Subscription,
)
from ..queries import waitlist_position

#: What a message tells of an event in short (its id as ``event_id``), and of an invitee.
EVENT_SUMMARY = ("version", "title", "starts_at", "ends_at", "venue", "online_url")
INVITEE = ("delegate_id", "name", "email", "phone", "language", "organisation_name")


def event_summary(event: EventCopy) -> dict[str, Any]:
    return {"event_id": event.id} | attributes_of(event, EVENT_SUMMARY)


def registration_snapshot(
    session: Session, registration: Registration, event: EventCopy, position: int | None = None
) -> dict[str, Any]:
    """``position``: the waiting-list place when the caller knows it (else it is counted)."""
    if position is None:
        position = waitlist_position(session, registration)
    settings = settings_of(session)
    confirmable = registration.status == RegistrationStatus.PENDING or (
        registration.status == RegistrationStatus.WAITLISTED
        and must_confirm(
            event.requires_email_confirmation, registration.source, registration.email_confirmed_at
        )
    )
    return {
        "registration_id": registration.id,
        "version": registration.version,
        "status": str(registration.status),
        "takes_seat": registration.status in SEATED,
        "email_confirmed": registration.email_confirmed_at is not None,
        "hold_until": registration.hold_until
        if registration.status == RegistrationStatus.PENDING
        else None,
        "waitlist_position": position,
        "participant": {
            "name": registration.name,
            "email": registration.email,
            "phone": registration.phone,
            "language": registration.language,
            "sms_consent": registration.sms_consent,
        },
        "event": event_summary(event),
        "links": {
            "confirm_url": links.url(settings, "confirm", registration.id) if confirmable else None,
            "cancel_url": links.url(settings, "cancel", registration.id),
        },
    }


def _publish(
    session: Session,
    kind: str,
    registration: Registration,
    event: EventCopy,
    position: int | None = None,
    **extra,
) -> Envelope:
    data = registration_snapshot(session, registration, event, position) | extra
    return add_to_outbox(session, SERVICE, f"registrations.registration.{kind}", data)


def registration_created(
    session: Session, registration: Registration, event: EventCopy, position: int | None = None
) -> Envelope:
    return _publish(session, "created", registration, event, position)


def registration_confirmed(
    session: Session, registration: Registration, event: EventCopy
) -> Envelope:
    return _publish(session, "confirmed", registration, event)


def registration_waitlisted(
    session: Session, registration: Registration, event: EventCopy, position: int | None = None
) -> Envelope:
    return _publish(session, "waitlisted", registration, event, position)


def registration_promoted(session: Session, registration: Registration, event: EventCopy) -> None:
    _publish(session, "promoted", registration, event)


def registration_cancelled(
    session: Session, registration: Registration, event: EventCopy, by: str, reason: str
) -> None:
    _publish(session, "cancelled", registration, event, cancelled_by=by, reason=reason)


def registration_consent_withdrawn(
    session: Session, registration: Registration, event: EventCopy, purpose: str
) -> None:
    _publish(session, "consent_withdrawn", registration, event, purpose=purpose)


def registration_confirmation_requested(
    session: Session, registration: Registration, event: EventCopy
) -> None:
    _publish(session, "confirmation_requested", registration, event)


def registration_checked_in(session: Session, registration: Registration, event: EventCopy) -> None:
    _publish(session, "checked_in", registration, event)


def invitee_of(invitation: Invitation) -> dict[str, Any]:
    """The invited person as ``Invitee`` carries them (sealed in the message)."""
    return attributes_of(invitation, INVITEE)


def invitation_sent(
    session: Session, invitation: Invitation, event: EventCopy, resent: bool = False
) -> None:
    settings = settings_of(session)
    add_to_outbox(
        session,
        SERVICE,
        "registrations.invitation.sent",
        {
            "invitation_id": invitation.id,
            "round_table_name": invitation.round_table_name,
            "invitee": invitee_of(invitation),
            "event": event_summary(event),
            "links": {
                "accept_url": links.url(settings, "accept", invitation.id),
                "decline_url": links.url(settings, "decline", invitation.id),
            },
            "resent": resent,
        },
    )


def invitation_cancelled(session: Session, invitation: Invitation, event: EventCopy) -> None:
    add_to_outbox(
        session,
        SERVICE,
        "registrations.invitation.cancelled",
        {
            "invitation_id": invitation.id,
            "round_table_name": invitation.round_table_name,
            "invitee": invitee_of(invitation),
            "event": event_summary(event),
            "reason": invitation.cancel_reason,
        },
    )


def invitation_answered(session: Session, invitation: Invitation) -> None:
    add_to_outbox(
        session,
        SERVICE,
        "registrations.invitation.answered",
        {
            "invitation_id": invitation.id,
            "answer": invitation.status,
            "registration_id": invitation.registration_id,
            "event_id": invitation.event_id,
        },
    )


def erasure_requested(session: Session, request: ErasureRequest) -> None:
    add_to_outbox(session, SERVICE, "registrations.erasure.requested", _person_request(request))


def export_requested(session: Session, request: ExportRequest) -> None:
    add_to_outbox(session, SERVICE, "registrations.export.requested", _person_request(request))


def _person_request(request: ErasureRequest | ExportRequest) -> dict[str, Any]:
    """The request and its person by keyed hashes only."""
    return {
        "request_id": request.id,
        "email_hashes": request.email_hashes,
        "phone_hashes": request.phone_hashes,
    }


def _subscription(session: Session, subscription: Subscription) -> dict[str, Any]:
    settings = settings_of(session)
    awaiting = subscription.status == SubscriptionStatus.AWAITING
    return {
        "subscription_id": subscription.id,
        "topic": {
            "kind": subscription.topic_kind,
            "key": subscription.topic_key,
            "title": subscription.topic_title,
        },
        "subscriber": {
            "name": subscription.name,
            "email": subscription.email,
            "language": subscription.language,
        },
        "links": {
            "confirm_url": links.url(settings, "subscribe", subscription.id) if awaiting else None,
            "unsubscribe_url": links.url(settings, "unsubscribe", subscription.id),
        },
    }


def subscription_requested(session: Session, subscription: Subscription) -> None:
    data = _subscription(session, subscription)
    add_to_outbox(session, SERVICE, "registrations.subscription.requested", data)


def subscription_announced(session: Session, subscription: Subscription, event: EventCopy) -> None:
    data = _subscription(session, subscription) | {
        "event": event_summary(event),
        "signup_url": f"{settings_of(session).public_url}/events/{event.id}",
    }
    add_to_outbox(session, SERVICE, "registrations.subscription.announced", data)
