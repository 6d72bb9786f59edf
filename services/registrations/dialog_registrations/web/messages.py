"""The translated sentences of the public pages that come from code (field errors, refusals)."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from ..domain.errors import (
    AnswerRefused,
    EventNotFound,
    ExpiredLink,
    InvalidLink,
    InvitationNotFound,
    PersonalDataErased,
    RegistrationNotFound,
    RegistrationsError,
    SignUpRefused,
    SubscriptionNotFound,
    TooManySignUps,
    TopicNotFound,
)

FIELD_MESSAGES = {
    "name": _l("Please enter your name (at most 200 characters)."),
    "email": _l("Please enter a valid email address, for example name@example.org."),
    "phone": _l("Please enter a valid phone number, for example 0170 1234567 or +49 170 1234567."),
    "organisation": _l("The organisation may have at most 200 characters."),
    "language": _l("Please choose one of the languages offered."),
    "needs": _l("Please describe your needs in at most 1000 characters."),
    "consent": _l(
        "Please agree to the processing of your data. Without it we cannot register you."
    ),
    "subscription_consent": _l("Please agree, so that we may write to you."),
    "sms_consent": _l(
        "SMS reminders need a phone number. Please enter one, or untick SMS reminders."
    ),
}

UNKNOWN_FIELD = _l("This field is not part of the form.")
#: A JSON body that is no object (a list, a string, a number): there are no fields to name.
NOT_AN_OBJECT = _l("Please send the details as one JSON object with the fields of the form.")


def describe_fields(errors: dict) -> str:
    """One sentence naming every field with an error, then each field's sentence."""
    names = ", ".join(sorted(errors))
    head = gettext("Please check these fields: %(names)s.", names=names)
    return " ".join([head, *(str(m) for messages in errors.values() for m in messages)])


#: Sentences of the domain's errors that the public JSON routes answer translated (their
#: English text is the message id; ``api/answers.py``).
API_SENTENCES = (
    _l("There is no event with this id."),
    _l("There is no such registration."),
    _l(
        "The personal details of this registration have been deleted; "
        "it cannot be changed any more."
    ),
)

REFUSALS = {
    "cancelled": _l("This event has been cancelled."),
    "completed": _l("This event has already taken place."),
    "past": _l("This event has already started."),
    "not_published": _l("This event is not open for sign-up."),
    "not_yet_open": _l("Sign-up for this event has not opened yet."),
    "closed": _l("Sign-up for this event has closed."),
    "invitation_only": _l("This meeting is by invitation only; it takes no public sign-ups."),
}

EVENT_TYPE_NAMES = {
    "round_table_meeting": _l("Round-table meeting"),
    "information_event": _l("Information event"),
    "evening_lecture": _l("Evening lecture"),
    "qualification_workshop": _l("Qualification workshop"),
    "other": _l("Other event"),
}
LIST_REFUSED = _l("This filter is not valid. Please choose from the lists on the page.")

#: What a page says where the platform would answer JSON, by status.
PAGE_ERRORS = {
    404: _l(
        "There is no page at this address. If you followed a link from one of our messages, "
        "please check that it was copied whole."
    ),
    413: _l("What was sent is too long. Please shorten your entries and send the form again."),
}

CSRF_REFUSED = _l(
    "The form had expired or was sent from another page. Please open the form again and send it."
)
HONEYPOT_REFUSED = _l(
    "Your sign-up could not be accepted: a field that must stay empty was filled in."
)
RATE_LIMITED = _l("Too many sign-ups from your network. Please wait a while and try again.")


#: Why an invitation takes no answer (or not this one) any more, by its status.
ANSWER_REFUSALS = {
    "cancelled": _l("This invitation has been withdrawn, so it cannot be answered any more."),
    "accepted": _l(
        "You have already accepted this invitation. If you cannot come, please use the link "
        "to cancel in the confirmation of your registration."
    ),
    "declined": _l(
        "You have already declined this invitation. If you would like to come after all, "
        "please get in touch with the organisers."
    ),
}


def refusal(exc: RegistrationsError) -> tuple[int, str]:
    """HTTP status and a translated sentence for a domain error shown on a page."""
    if isinstance(exc, SignUpRefused):
        return 409, str(REFUSALS.get(exc.reason, REFUSALS["not_published"]))
    if isinstance(exc, AnswerRefused):
        return 409, str(ANSWER_REFUSALS[exc.standing])
    if isinstance(exc, EventNotFound):
        return 404, str(REFUSALS["not_published"])
    if isinstance(exc, ExpiredLink):
        return 400, str(_l("This link has expired."))
    if isinstance(exc, InvalidLink):
        return 400, str(_l("This link is not valid. Please use the link from your message."))
    if isinstance(exc, TooManySignUps):
        return 429, str(RATE_LIMITED)
    if isinstance(exc, PersonalDataErased):
        return 409, str(
            _l("The personal details of this registration have been deleted. Nothing has changed.")
        )
    if isinstance(exc, TopicNotFound):
        return 404, str(_l("There is nothing of this name to subscribe to."))
    if isinstance(exc, SubscriptionNotFound):
        return 404, str(_l("We could not find this subscription. It may have ended."))
    if isinstance(exc, RegistrationNotFound | InvitationNotFound):
        return 404, str(_l("We could not find this registration."))
    return 409, str(_l("This cannot be done any more: the registration has changed meanwhile."))
