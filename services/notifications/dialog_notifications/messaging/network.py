"""Handlers of the local network's messages: round-table invitations (by every channel the
delegate has, withdrawn with a notice), announcements of an event to the directory's contact
persons, and subscriptions (the please-confirm mail, then one announcement per new date).

Every person written to is a ``Recipient`` like a participant: encrypted, found by keyed hashes
on erasure, and forgotten by retention after the event (a subscription request's recipient
belongs to a copy timed at the request, so it is forgotten that long after it).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now
from dialog_platform.messaging.envelope import Envelope

from ..models import EventCopy, Recipient
from ..operations.deliveries import drop, enqueue
from ..operations.recipients import keep_event
from ..operations.reminders import replan_event
from ..queries import pending_of
from .kept import event_from_summary, held_unless_erased, keep_contact, keep_snapshot, slot_of

#: A recipient's status once their invitation was withdrawn.
INVITATION_WITHDRAWN = "uninvited"


def _to_every_channel(
    session: Session, recipient: Recipient, kind: str, event_id, slot: str, now, context
) -> None:
    """By mail and by SMS, as far as the person has an address and a number."""
    if recipient.email:
        enqueue(session, recipient, kind, event_id, slot, now, context, channel="email")
    if recipient.phone:
        enqueue(session, recipient, kind, event_id, f"{slot}-sms", now, context, channel="sms")


def _kept_or_known(
    session: Session, person, recipient_id, version, source, event_id, status, links, **more
):
    """The ``person`` as this message tells (or as held, when it tells the same version), with
    the recipient's ``source``, event, ``status``, ``links`` (and ``more`` fields); None when
    they were erased."""
    fields = {"source": source, "event_id": event_id, "status": status, "links": links, **more}
    kept = keep_contact(session, recipient_id, version, person, **fields)
    return held_unless_erased(session, kept, recipient_id)


def invitation_sent(session: Session, envelope: Envelope, data: dict[str, Any]) -> None:
    """The invitation with the accept and decline links, the time and the place, by mail and
    by SMS; a resend (``resent``) goes again."""
    event = event_from_summary(session, data["event"])
    invitee = data["invitee"]
    recipient = _kept_or_known(
        session, invitee, data["invitation_id"], 1, "invitation", event.id, "invited", data["links"]
    )
    if recipient is None or recipient.status == INVITATION_WITHDRAWN:
        return
    recipient.links = data["links"]
    context = {
        "round_table_name": data["round_table_name"],
        "organisation_name": invitee["organisation_name"],
    }
    slot = slot_of(envelope, "resent") if data["resent"] else "v1"
    _to_every_channel(session, recipient, "invitation", event.id, slot, utc_now(), context)


def invitation_cancelled(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    """The invitation is withdrawn: what was still to go to the delegate is dropped, and they
    are told why (by every channel they have)."""
    now = utc_now()
    event = event_from_summary(session, data["event"])
    invitee, invitation_id = data["invitee"], data["invitation_id"]
    recipient = _kept_or_known(
        session, invitee, invitation_id, 2, "invitation", event.id, INVITATION_WITHDRAWN, {}
    )
    if recipient is None:
        return
    recipient.status, recipient.links = INVITATION_WITHDRAWN, {}
    for delivery in pending_of(session, recipient.id):
        drop(session, delivery, "the invitation was withdrawn", now)
    context = {"round_table_name": data["round_table_name"], "withdrawn": data["reason"]}
    _to_every_channel(session, recipient, "invitation_cancelled", event.id, "v2", now, context)


def event_announced(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    """Each contact person named gets the announcement in their language, with the sign-up
    link (by mail, or by SMS when they gave only a number); a mail's unsubscribe link ends
    their consent to announcements (``publish_announcements_stopped``)."""
    snapshot, now = data["event"], utc_now()
    event = keep_snapshot(session, snapshot)
    if event is not None:  # newer than the copy: the reminders of those signed up follow it
        replan_event(session, event, now)
    event = event or session.get(EventCopy, snapshot["event_id"])
    links = {"signup_url": data["signup_url"]} if data["signup_url"] else {}
    for person in data["recipients"]:
        contact_person_id = person["contact_person_id"]
        recipient_id = uuid.uuid5(data["announcement_id"], str(contact_person_id))
        recipient = _kept_or_known(
            session,
            person,
            recipient_id,
            1,
            "announcement",
            event.id,
            "announced",
            links,
            contact_person_id=contact_person_id,
        )
        if recipient is not None:
            context = {"organisation_name": person["organisation_name"]}
            enqueue(session, recipient, "announcement", event.id, "v1", now, context)


def _topic_copy(session: Session, subscription_id: uuid.UUID, title: str, now: datetime):
    """What a subscription request is about, kept as a copy timed at the request (so retention
    forgets the requester as long after it as after an event)."""
    copy_id = uuid.uuid5(subscription_id, "subscription-request")
    copy = keep_event(
        session, copy_id, 1, title=title, starts_at=now, ends_at=now, place="", status="request"
    )
    copy = copy or session.get(EventCopy, copy_id)
    copy.title, copy.starts_at, copy.ends_at = title, now, now
    return copy


def subscription_requested(session: Session, envelope: Envelope, data: dict[str, Any]) -> None:
    """The please-confirm mail of a subscription, each time it is asked for."""
    now = utc_now()
    topic = data["topic"]
    subscriber, subscription_id, links = data["subscriber"], data["subscription_id"], data["links"]
    copy = _topic_copy(session, subscription_id, topic["title"], now)
    recipient = _kept_or_known(
        session, subscriber, subscription_id, 1, "subscription", copy.id, "asked_to_confirm", links
    )
    if recipient is not None:
        recipient.links = links
        context = {"topic_title": topic["title"]}
        slot = slot_of(envelope, "asked")
        enqueue(session, recipient, "subscription_confirm", copy.id, slot, now, context)


def subscription_announced(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
    """Sign-up opened for a new date of what the person subscribed to: one announcement."""
    event = event_from_summary(session, data["event"])
    recipient_id = uuid.uuid5(data["subscription_id"], str(event.id))
    links = {**data["links"], "signup_url": data["signup_url"]}
    recipient = _kept_or_known(
        session, data["subscriber"], recipient_id, 1, "subscription", event.id, "announced", links
    )
    if recipient is not None:
        context = {"topic_title": data["topic"]["title"]}
        enqueue(session, recipient, "announcement", event.id, "v1", utc_now(), context)


NETWORK_HANDLERS = {
    "registrations.invitation.sent": invitation_sent,
    "registrations.invitation.cancelled": invitation_cancelled,
    "events.event.announced": event_announced,
    "registrations.subscription.requested": subscription_requested,
    "registrations.subscription.announced": subscription_announced,
}
