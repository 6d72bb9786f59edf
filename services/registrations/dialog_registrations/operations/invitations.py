"""Invitations to round-table meetings: sent on the events service's message, answered by link."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now
from dialog_platform.locale import language_of

from ..domain.errors import ConsentRequired, PersonalDataErased, TransitionRefused
from ..domain.states import InvitationStatus, advance
from ..messaging import publications
from ..models import EventCopy, Invitation
from ..queries import find_invitation
from .signup import Applicant, sign_up


def invite_delegates(session: Session, event: EventCopy, meeting: dict[str, Any]) -> int:
    """One invitation per delegate not yet invited to this meeting; returns how many are new."""
    now = utc_now()
    invited = set(
        session.scalars(select(Invitation.delegate_id).where(Invitation.event_id == event.id))
    )
    new = 0
    for invitee in meeting["invitees"]:
        if invitee["delegate_id"] in invited:
            continue
        invitation = Invitation(
            id=uuid.uuid4(),
            event_id=event.id,
            round_table_id=meeting["round_table_id"],
            round_table_name=meeting["round_table_name"],
            delegate_id=invitee["delegate_id"],
            name=invitee["name"],
            email=invitee.get("email"),
            phone=invitee.get("phone"),
            language=language_of(invitee.get("language")),
            organisation_name=invitee.get("organisation_name", ""),
            sent_at=now,
        )
        advance(invitation, InvitationStatus.SENT)
        session.add(invitation)
        session.flush()
        publications.invitation_sent(session, invitation, event)
        new += 1
    return new


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
    if invitation.erased_at is not None:
        raise PersonalDataErased(
            "The personal details of this invitation have been deleted; "
            "it cannot be answered any more."
        )
    if invitation.status != InvitationStatus.SENT:
        raise TransitionRefused(f"This invitation has already been {invitation.status}.")
    if answer == InvitationStatus.ACCEPTED:
        if not consent:
            raise ConsentRequired(
                "Please agree to the processing of your data. Without it we cannot register you."
            )
        if not invitation.email:
            raise TransitionRefused(
                "We have no email address for this invitation. Please contact the organisers."
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
