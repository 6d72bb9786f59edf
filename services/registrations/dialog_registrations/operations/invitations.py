"""Invitations to round-table meetings: sent on the events service's messages or by staff,
sent again, withdrawn, and answered by link (by mail or SMS: an address is not needed)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now
from dialog_platform.locale import language_of
from dialog_platform.personal import email_hashes, phone_hashes

from ..domain.errors import (
    AnswerRefused,
    ConsentRequired,
    InvitationNotFound,
    NotInvitable,
    PersonalDataErased,
    TransitionRefused,
)
from ..domain.states import InvitationStatus, advance, describe
from ..messaging import publications
from ..models import EventCopy, Invitation, RoundTableCopy
from ..queries import find_invitation
from .seats import lock_event
from .signup import Applicant, sign_up


def invite_delegates(session: Session, event: EventCopy, meeting: dict[str, Any]) -> int:
    """One invitation per delegate not yet invited to this meeting; returns how many are new."""
    invited = set(
        session.scalars(select(Invitation.delegate_id).where(Invitation.event_id == event.id))
    )
    new = 0
    for invitee in meeting["invitees"]:
        if invitee["delegate_id"] in invited:
            continue
        invite(session, event, meeting["round_table_id"], meeting["round_table_name"], invitee)
        new += 1
    return new


def invite(
    session: Session,
    event: EventCopy,
    round_table_id: uuid.UUID,
    round_table_name: str,
    invitee: dict[str, Any],
    source: str = "round_table",
    again: Invitation | None = None,
) -> Invitation:
    """Invite ``invitee`` (an ``Invitee``'s fields) to the meeting and send the invitation;
    ``again``: the withdrawn invitation of the same delegate, which is sent again instead."""
    invitation = again or Invitation(
        id=uuid.uuid4(), event_id=event.id, delegate_id=invitee["delegate_id"], source=source
    )
    invitation.round_table_id = round_table_id
    invitation.round_table_name = round_table_name
    address_to(invitation, invitee)
    invitation.sent_at = utc_now()
    invitation.cancelled_at = invitation.cancel_reason = None
    advance(invitation, InvitationStatus.SENT)
    session.add(invitation)
    session.flush()
    publications.invitation_sent(session, invitation, event)
    return invitation


def address_to(invitation: Invitation, invitee: dict[str, Any]) -> None:
    """Write to the person as ``invitee`` (an ``Invitee``'s fields) has them now."""
    invitation.name = invitee["name"]
    invitation.email = invitee.get("email")
    invitation.phone = invitee.get("phone")
    invitation.language = language_of(invitee.get("language"))
    invitation.organisation_name = invitee.get("organisation_name", "")


def readdress_invitation(
    session: Session, invitation: Invitation, event: EventCopy, invitee: dict[str, Any]
) -> None:
    """Send an open invitation again, to the new address the round table has for the person."""
    address_to(invitation, invitee)
    invitation.resent_at = utc_now()
    session.flush()
    publications.invitation_sent(session, invitation, event, resent=True)


def invite_person(
    session: Session, event_id: uuid.UUID, person: dict[str, Any]
) -> tuple[Invitation, bool]:
    """Staff invite one more person to a coming round-table meeting; the same address or
    number again returns their invitation (and False)."""
    event = lock_event(session, event_id)
    if event.round_table_id is None:
        raise NotInvitable("Only the meetings of a round table take invitations.")
    if event.status != "published" or event.starts_at <= utc_now():
        raise NotInvitable("This meeting is not coming up, so nobody can be invited to it.")
    hashes = [
        *(email_hashes(person["email"]) if person.get("email") else []),
        *(phone_hashes(person["phone"]) if person.get("phone") else []),
    ]
    existing = session.scalars(
        select(Invitation).where(
            Invitation.event_id == event.id,
            or_(Invitation.email_hash.in_(hashes), Invitation.phone_hash.in_(hashes)),
        )
    ).first()
    if existing is not None:
        return existing, False
    copy = session.get(RoundTableCopy, event.round_table_id)
    named = session.scalar(
        select(Invitation.round_table_name).where(Invitation.event_id == event.id).limit(1)
    )
    name = copy.name if copy else named or event.title
    invitee = person | {"delegate_id": uuid.uuid4()}
    return invite(session, event, event.round_table_id, name, invitee, source="staff"), True


def resend_invitation(
    session: Session, event_id: uuid.UUID, invitation_id: uuid.UUID
) -> Invitation:
    """Send an open invitation again (``resent``), by every channel the person has."""
    event = lock_event(session, event_id)
    invitation = find_invitation(session, invitation_id)
    if invitation.event_id != event.id:
        raise InvitationNotFound("There is no such invitation for this event.")
    if invitation.erased_at is not None:
        raise PersonalDataErased(
            "The personal details of this invitation have been deleted; it cannot be sent again."
        )
    if invitation.status != InvitationStatus.SENT:
        raise TransitionRefused(
            f"This invitation is {describe(invitation.status)}; only an open one is sent again."
        )
    invitation.resent_at = utc_now()
    session.flush()
    publications.invitation_sent(session, invitation, event, resent=True)
    return invitation


def cancel_invitation(
    session: Session, invitation: Invitation, event: EventCopy, reason: str
) -> None:
    """Withdraw an open invitation and tell the person why (``domain.reconcile`` reasons)."""
    advance(invitation, InvitationStatus.CANCELLED)
    invitation.cancelled_at = utc_now()
    invitation.cancel_reason = reason
    session.flush()
    publications.invitation_cancelled(session, invitation, event)


def cancel_open_invitations(session: Session, event: EventCopy, reason: str) -> int:
    """Withdraw every open invitation of the meeting (an erased one stays as it is)."""
    open_ones = session.scalars(
        select(Invitation).where(
            Invitation.event_id == event.id,
            Invitation.status == InvitationStatus.SENT,
            Invitation.erased_at.is_(None),
        )
    ).all()
    for invitation in open_ones:
        cancel_invitation(session, invitation, event, reason)
    return len(open_ones)


def check_answerable(invitation: Invitation) -> None:
    """Refuse an answer to an invitation that takes none any more: its details erased, withdrawn
    (``AnswerRefused``), or answered already (the other way: the same answer changes nothing)."""
    if invitation.erased_at is not None:
        raise PersonalDataErased(
            "The personal details of this invitation have been deleted; "
            "it cannot be answered any more."
        )
    if invitation.status == InvitationStatus.CANCELLED:
        raise AnswerRefused(
            "This invitation has been withdrawn; it cannot be answered.", invitation.status
        )
    if invitation.status != InvitationStatus.SENT:
        raise AnswerRefused(
            f"This invitation has already been {invitation.status}.", invitation.status
        )


def answer_invitation(
    session: Session,
    invitation_id: uuid.UUID,
    answer: str,
    consent: bool = False,
    shown_in: str | None = None,
) -> tuple[Invitation, bool]:
    """Accept (a seated registration, like any other sign-up: it needs the person's
    ``consent`` to the text shown in ``shown_in``) or decline. Returns the invitation and
    whether this answer had already been given (a second click changes nothing)."""
    invitation = find_invitation(session, invitation_id)
    answer = InvitationStatus(answer)
    if invitation.status == answer:
        return invitation, True
    check_answerable(invitation)
    if answer == InvitationStatus.ACCEPTED:
        if not consent:
            raise ConsentRequired(
                "Please agree to the processing of your data. Without it we cannot register you."
            )
        result = sign_up(
            session,
            invitation.event_id,
            Applicant(
                name=invitation.name,
                email=invitation.email,
                language=invitation.language,
                consent=True,
                phone=invitation.phone,
                organisation=invitation.organisation_name,
            ),
            source="invitation",
            skip_email_confirmation=True,
            shown_in=shown_in,
        )
        invitation.registration_id = result.registration.id
    advance(invitation, answer)
    invitation.answered_at = utc_now()
    session.flush()
    publications.invitation_answered(session, invitation)
    return invitation, False
