"""Keeping a round table's coming meetings in step with who belongs to it, from the events
service's ``events.round_table.updated``: new delegates are invited, removed ones' open
invitations withdrawn, open ones of delegates with a new address sent again to it, and the
others' names and languages kept as the round table has them (the plan is
``domain.reconcile``'s, from the snapshot alone)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now
from dialog_platform.messaging.copies import newer_copy

from ..domain.reconcile import DELEGATE_REMOVED, Held, address, reconcile
from ..domain.states import InvitationStatus
from ..models import EventCopy, Invitation, RoundTableCopy
from .invitations import address_to, cancel_invitation, invite, readdress_invitation
from .seats import lock_event


def coming_meetings(session: Session, round_table_id) -> list[EventCopy]:
    """The round table's published meetings that have not started, soonest first."""
    query = select(EventCopy).where(
        EventCopy.round_table_id == round_table_id,
        EventCopy.status == "published",
        EventCopy.starts_at > utc_now(),
    )
    return list(session.scalars(query.order_by(EventCopy.starts_at, EventCopy.id)))


def reconcile_round_table(session: Session, snapshot: dict[str, Any]) -> None:
    """Apply a round table's snapshot to its coming meetings; an older one changes nothing."""
    copy = newer_copy(session, RoundTableCopy, snapshot["round_table_id"], snapshot["version"])
    if copy is None:
        return
    copy.name = snapshot["round_table_name"]
    meetings = [lock_event(session, m.id) for m in coming_meetings(session, copy.id)]
    by_id = {meeting.id: meeting for meeting in meetings}
    invitations = {
        i.id: i
        for i in session.scalars(
            select(Invitation)
            .where(Invitation.event_id.in_(list(by_id)), Invitation.erased_at.is_(None))
            .execution_options(populate_existing=True)
        )
    }
    invitees = {invitee["delegate_id"]: invitee for invitee in snapshot["invitees"]}
    plan = reconcile(
        set(invitees),
        list(by_id),
        [
            Held(
                *(i.id, i.event_id, i.delegate_id, i.status, i.source, i.cancel_reason),
                address(i.email, i.phone),
            )
            for i in invitations.values()
        ],
        {key: address(i.get("email"), i.get("phone")) for key, i in invitees.items()},
    )
    for invitation_id in plan.cancel:
        invitation = invitations[invitation_id]
        cancel_invitation(session, invitation, by_id[invitation.event_id], DELEGATE_REMOVED)
    for invitation_id in plan.readdress:
        invitation = invitations[invitation_id]
        readdress_invitation(
            session, invitation, by_id[invitation.event_id], invitees[invitation.delegate_id]
        )
    for invitation in invitations.values():
        kept = invitation.delegate_id in invitees and invitation.id not in plan.readdress
        if kept and invitation.status == InvitationStatus.SENT:
            address_to(invitation, invitees[invitation.delegate_id])  # a name, a language
    again = {(i.event_id, i.delegate_id): i for i in invitations.values()}
    for event_id, delegate_id in plan.invite:
        invite(
            session,
            by_id[event_id],
            copy.id,
            copy.name,
            invitees[delegate_id],
            again=again.get((event_id, delegate_id)),
        )
