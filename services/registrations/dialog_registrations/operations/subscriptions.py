"""Subscriptions to an event series, an event type or a round table (double opt-in): asked
for on the public page, confirmed by the mailed link, told once per event when sign-up opens
for a new date, ended by one click (RFC 8058) with the address gone at once."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now
from dialog_platform.messaging.contracts.events import EVENT_TYPES
from dialog_platform.personal import email_hashes

from .. import links
from ..domain.consent import ConsentPurpose, ConsentSource
from ..domain.errors import PersonalDataErased, TopicNotFound
from ..domain.states import SubscriptionStatus, advance
from ..messaging import publications
from ..models import Consent, EventCopy, RoundTableCopy, Subscription, SubscriptionAnnouncement
from ..queries import find_subscription
from .consents import give_consents

#: The event types as a subscription's title names them.
TYPE_TITLES = {
    "round_table_meeting": "Round-table meetings",
    "information_event": "Information events",
    "evening_lecture": "Evening lectures",
    "qualification_workshop": "Qualification workshops",
    "other": "Other events",
}
assert set(TYPE_TITLES) == set(EVENT_TYPES)


@dataclass(frozen=True)
class Topic:
    kind: str
    key: str
    title: str


def find_topic(session: Session, kind: str, key: str) -> Topic:
    """What one can subscribe to: a series some event belongs to, an event type, or a round
    table this service knows; ``TopicNotFound`` for anything else."""
    title = None
    if kind == "event_type":
        title = TYPE_TITLES.get(key)
    elif kind == "series":
        known = session.scalar(select(EventCopy.id).where(EventCopy.series == key).limit(1))
        title = key if known else None
    elif kind == "round_table":
        try:
            copy = session.get(RoundTableCopy, uuid.UUID(key))
        except ValueError:
            copy = None
        title = copy.name if copy else None
    if title is None:
        raise TopicNotFound("There is nothing of this name to subscribe to.")
    return Topic(kind, key, title)


def subscribe(
    session: Session, topic: Topic, name: str, email: str, language: str, shown_in: str
) -> tuple[Subscription, bool]:
    """Ask for a subscription (the consent was given); a second request for the same address
    and topic sends the confirm link again (or, once confirmed, changes nothing). Returns the
    subscription and whether a mail goes out."""
    existing = session.scalars(
        select(Subscription).where(
            Subscription.topic_kind == topic.kind,
            Subscription.topic_key == topic.key,
            Subscription.email_hash.in_(email_hashes(email)),
            Subscription.status != SubscriptionStatus.ENDED,
        )
    ).first()
    if existing is not None and existing.status == SubscriptionStatus.ACTIVE:
        return existing, False
    subscription = existing or Subscription(
        id=uuid.uuid4(), topic_kind=topic.kind, topic_key=topic.key, topic_title=topic.title
    )
    now = utc_now()
    subscription.name, subscription.email, subscription.language = name, email.strip(), language
    subscription.created_at = now
    if existing is None:
        advance(subscription, SubscriptionStatus.AWAITING)
        give_consents(
            session, subscription, [ConsentPurpose.SUBSCRIPTION], ConsentSource.FORM, shown_in, now
        )
        session.add(subscription)
    session.flush()
    publications.subscription_requested(session, subscription)
    return subscription, True


def _live(session: Session, subscription_id: uuid.UUID) -> Subscription:
    subscription = find_subscription(session, subscription_id)
    if subscription.email is None and subscription.status != SubscriptionStatus.ENDED:
        raise PersonalDataErased("This subscription has been deleted.")
    return subscription


def _move(
    session: Session, subscription_id: uuid.UUID, status: SubscriptionStatus, **changes: Any
) -> tuple[Subscription, bool]:
    """Move the subscription to ``status`` with ``changes``, unless it is there already.
    Returns it and whether it already was."""
    subscription = _live(session, subscription_id)
    if subscription.status == status:
        return subscription, True
    advance(subscription, status)
    for name, value in changes.items():
        setattr(subscription, name, value)
    session.flush()
    return subscription, False


def confirm_subscription(session: Session, subscription_id: uuid.UUID) -> tuple[Subscription, bool]:
    """The address is confirmed: the subscription holds. Returns it and whether it already did
    (or had ended meanwhile: its confirm link then changes nothing either)."""
    subscription = _live(session, subscription_id)
    if subscription.status == SubscriptionStatus.ENDED:
        return subscription, True
    return _move(session, subscription_id, SubscriptionStatus.ACTIVE, confirmed_at=utc_now())


def unsubscribe(session: Session, subscription_id: uuid.UUID) -> tuple[Subscription, bool]:
    """End it; the name and address are removed at once. Returns it and whether it had ended."""
    return _move(
        session,
        subscription_id,
        SubscriptionStatus.ENDED,
        ended_at=utc_now(),
        name=None,
        email=None,
    )


def already_done(action: str, subscription: Subscription) -> str | None:
    """The link action whose "already done" sentence a subscription's link page says at once
    (its button would change nothing), else None: both links of an ended subscription say it
    has ended."""
    if subscription.status == SubscriptionStatus.ENDED:
        return "unsubscribe"
    if action == "subscribe" and subscription.status == SubscriptionStatus.ACTIVE:
        return "subscribe"
    return None


def topics_of(data: dict[str, Any]) -> list[tuple[str, str]]:
    """The topics an event snapshot belongs to."""
    topics = [("event_type", data["type"])]
    if data.get("series"):
        topics.append(("series", data["series"]))
    if data.get("round_table_id"):
        topics.append(("round_table", str(data["round_table_id"])))
    return topics


def announce_event(session: Session, event: EventCopy, data: dict[str, Any]) -> int:
    """Sign-up opened for a public event: each confirmed subscription of one of its topics is
    told once (however often the message arrives); how many were told now."""
    if data.get("access", "public") != "public" or event.status != "published":
        return 0
    told = 0
    for kind, key in topics_of(data):
        for subscription in session.scalars(
            select(Subscription).where(
                Subscription.topic_kind == kind,
                Subscription.topic_key == key,
                Subscription.status == SubscriptionStatus.ACTIVE,
            )
        ):
            if session.get(SubscriptionAnnouncement, (subscription.id, event.id)) is not None:
                continue
            session.add(
                SubscriptionAnnouncement(
                    subscription_id=subscription.id, event_id=event.id, announced_at=utc_now()
                )
            )
            session.flush()
            publications.subscription_announced(session, subscription, event)
            told += 1
    return told


def expire_subscriptions(session: Session, now: datetime, dry_run: bool = False) -> int:
    """Delete subscriptions never confirmed within the confirm link's time, and ended ones
    after as long; how many."""
    cutoff = now - links.SUBSCRIBE_WITHIN
    which = (
        Subscription.status.in_([SubscriptionStatus.AWAITING, SubscriptionStatus.ENDED]),
        Subscription.created_at < cutoff,
        (Subscription.ended_at.is_(None) | (Subscription.ended_at < cutoff)),
    )
    ids = list(session.scalars(select(Subscription.id).where(*which)))
    if ids and not dry_run:
        delete_subscriptions(session, ids)
    return len(ids)


def delete_subscriptions(session: Session, ids: list[uuid.UUID]) -> None:
    """Delete subscriptions with their consents and announcements."""
    session.execute(delete(Consent).where(Consent.subscription_id.in_(ids)))
    session.execute(
        delete(SubscriptionAnnouncement).where(SubscriptionAnnouncement.subscription_id.in_(ids))
    )
    session.execute(delete(Subscription).where(Subscription.id.in_(ids)))
