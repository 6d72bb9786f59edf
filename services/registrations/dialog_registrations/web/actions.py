"""What each participant link does when its button is pressed."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from ..operations.cancel import cancel_registration
from ..operations.invitations import answer_invitation, find_invitation
from ..operations.signup import confirm_email, find_registration

ACTIONS = {"registrations": ("confirm", "cancel"), "invitations": ("accept", "decline")}


def subject_language(session: Session, kind: str, subject_id: uuid.UUID) -> str:
    """The language the person chose (registrations) or was invited in (invitations)."""
    if kind == "registrations":
        return find_registration(session, subject_id).language
    return find_invitation(session, subject_id).language


def perform(session: Session, action: str, subject_id: uuid.UUID) -> bool:
    """Do it; True when it had already been done (nothing changed)."""
    if action == "confirm":
        return confirm_email(session, subject_id)[1]
    if action == "cancel":
        return cancel_registration(session, subject_id, by="participant")[1]
    answer = "accepted" if action == "accept" else "declined"
    return answer_invitation(session, subject_id, answer)[1]
