"""What each participant link does when its button is pressed (the web page and the JSON API
both come here): confirm or cancel a registration, accept or decline an invitation."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from ..domain.states import ENDED, InvitationStatus
from ..models import Invitation, Registration
from ..queries import find_invitation, find_registration
from .cancel import cancel_registration
from .invitations import answer_invitation, check_answerable
from .signup import already_confirmed, confirm_email

#: The actions of each kind of link, as its URL names them.
ACTIONS = {"registrations": ("confirm", "cancel"), "invitations": ("accept", "decline")}


def link_subject(session: Session, action: str, subject_id: uuid.UUID) -> Registration | Invitation:
    """The registration or invitation a link names (``RegistrationNotFound`` / ...)."""
    if action in ACTIONS["registrations"]:
        return find_registration(session, subject_id)
    return find_invitation(session, subject_id)


def perform(
    session: Session,
    action: str,
    subject_id: uuid.UUID,
    consent: bool = False,
    shown_in: str | None = None,
) -> tuple[Registration | Invitation, bool]:
    """Do it; returns the subject and whether it had already been done (nothing changed).
    Accepting needs ``consent`` to the text the page showed in ``shown_in``."""
    if action == "confirm":
        return confirm_email(session, subject_id)
    if action == "cancel":
        return cancel_registration(session, subject_id, by="participant")
    if action == "accept":
        return answer_invitation(session, subject_id, "accepted", consent, shown_in)
    return answer_invitation(session, subject_id, "declined")


def already_done(action: str, subject: Registration | Invitation) -> bool:
    """Whether pressing the link's button would change nothing: its page says so at once."""
    if action == "confirm":
        return already_confirmed(subject)
    if action == "cancel":
        return subject.status in ENDED
    answer = InvitationStatus.ACCEPTED if action == "accept" else InvitationStatus.DECLINED
    return subject.status == answer


def check_open(action: str, subject: Registration | Invitation) -> None:
    """Refuse at once, before its button is shown, a link whose button could only be refused:
    an invitation withdrawn or answered the other way (``AnswerRefused``)."""
    if action in ACTIONS["invitations"]:
        check_answerable(subject)
