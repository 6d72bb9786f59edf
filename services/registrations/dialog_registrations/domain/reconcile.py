"""Who is invited to a round table's coming meetings, from the round table's snapshot alone
(pure rule, no I/O): the same snapshot gives the same plan however often it arrives."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from .states import InvitationStatus

#: Why an invitation was withdrawn, as ``registrations.invitation.cancelled`` says.
DELEGATE_REMOVED, MEETING_CANCELLED, BY_STAFF = "delegate_removed", "meeting_cancelled", "staff"


@dataclass(frozen=True)
class Held:
    """An invitation a coming meeting already has."""

    invitation_id: uuid.UUID
    event_id: uuid.UUID
    delegate_id: uuid.UUID
    status: str
    #: round_table or staff (staff's own invitations are not the round table's to change).
    source: str
    cancel_reason: str | None = None
    #: Where it was sent: (email, phone), as ``address`` gives them.
    address: tuple[str | None, str | None] | None = None


@dataclass(frozen=True)
class Plan:
    #: (meeting, delegate) pairs to invite (again, for a delegate removed earlier).
    invite: tuple[tuple[uuid.UUID, uuid.UUID], ...]
    #: Open invitations of people who are no delegates any more.
    cancel: tuple[uuid.UUID, ...]
    #: Open invitations of delegates whose address changed: sent again to the new one.
    readdress: tuple[uuid.UUID, ...] = ()


def address(email: str | None, phone: str | None) -> tuple[str | None, str | None]:
    """An email address and a phone number as compared (an address's case does not count)."""
    return (email.strip().lower() if email else None, phone.strip() if phone else None)


def reconcile(
    delegates: set[uuid.UUID],
    meetings: list[uuid.UUID],
    held: list[Held],
    addresses: Mapping[uuid.UUID, tuple[str | None, str | None]] | None = None,
) -> Plan:
    """Every delegate gets an invitation to every coming meeting; an open invitation of one
    who is no delegate any more is withdrawn. Answered ones and staff's stay as they are; a
    delegate removed and added again is invited again (withdrawn by staff: not). With the
    delegates' current ``addresses``, an open invitation sent to another address than the
    delegate's now (a corrected email, a new number) goes again, to the new one."""
    by_pair = {(h.event_id, h.delegate_id): h for h in held}
    invite = []
    for meeting in meetings:
        for delegate in sorted(delegates):
            current = by_pair.get((meeting, delegate))
            if current is None or (
                current.status == InvitationStatus.CANCELLED
                and current.cancel_reason == DELEGATE_REMOVED
            ):
                invite.append((meeting, delegate))
    cancel = [
        h.invitation_id
        for h in held
        if h.event_id in meetings
        and h.source == "round_table"
        and h.status == InvitationStatus.SENT
        and h.delegate_id not in delegates
    ]
    readdress = [
        h.invitation_id
        for h in held
        if addresses is not None
        and h.address is not None
        and h.event_id in meetings
        and h.source == "round_table"
        and h.status == InvitationStatus.SENT
        and h.delegate_id in addresses
        and addresses[h.delegate_id] != h.address
    ]
    return Plan(tuple(invite), tuple(sorted(cancel)), tuple(sorted(readdress)))
