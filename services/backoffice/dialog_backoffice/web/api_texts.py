"""The services' refusals in the page's language. The services answer in English, with a
stable ``code`` (their one error table) and marshmallow's sentences per field; a person on a
German page reads a German sentence from this table, with the service's own sentence kept as
detail where it says more (which state, which rule)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l

from .i18n import language

#: A sentence per code the services answer with (their ERROR_TABLEs and the shared defaults).
BY_CODE = {
    "event_not_found": _l(
        "This event was not found. It may have been removed, or the link is wrong."
    ),
    "round_table_not_found": _l("This round table was not found."),
    "organisation_not_found": _l("This organisation was not found in the directory."),
    "membership_not_found": _l("This membership was not found."),
    "contact_not_found": _l("This entry of the contact log was not found."),
    "transition_refused": _l("This cannot be done right now, because its state does not allow it."),
    "already_member": _l("This organisation is already a member."),
    "archived": _l("This is archived and can no longer be changed."),
    "announcement_conflict": _l("This announcement cannot be changed like this any more."),
    "conflict": _l("This was changed in the meantime. Please reload the page and try again."),
    "delivery_not_found": _l("This message was not found in the delivery log."),
    "unknown_kind": _l("There is no template for this kind of message."),
    "unknown_language": _l("There are no templates in this language."),
    "sign_up_refused": _l("The registration is not possible."),
    "registration_not_found": _l("This registration was not found."),
    "invitation_not_found": _l("This invitation was not found."),
    "not_invitable": _l("This cannot be invited."),
    "topic_not_found": _l("This topic was not found."),
    "subscription_not_found": _l("This subscription was not found."),
    "check_in_refused": _l("The check-in is not possible."),
    "invalid_link": _l("This link is not valid (any more)."),
    "too_many_requests": _l(
        "Too many requests in a short time. Please wait a minute and try again."
    ),
    "personal_data_erased": _l(
        "This person's details have been erased, so this is no longer possible."
    ),
    "consent_required": _l("This needs the person's consent."),
    "consent_not_withdrawable": _l("This consent cannot be withdrawn here."),
    "privacy_request_not_found": _l(
        "This privacy request was not found. Access exports are kept for one day only."
    ),
    "forbidden": _l("Your account does not have permission for this."),
    "not_found": _l("This was not found. It may have been removed, or the link is wrong."),
    "invalid_input": _l("Some details are missing or not valid."),
    "bad_request": _l("This could not be done with these details."),
}
#: Codes whose service sentence says more than ours (which state, which rule, which role).
WITH_DETAIL = frozenset(
    {
        "transition_refused",
        "already_member",
        "announcement_conflict",
        "sign_up_refused",
        "not_invitable",
        "check_in_refused",
        "forbidden",
        "invalid_input",
        "bad_request",
        "consent_not_withdrawable",
    }
)

#: marshmallow's and the services' sentences per field, as patterns with named numbers, and ours.
FIELD_SENTENCES = {
    r"Missing data for required field\.|Field may not be null\.": _l("Please fill in this field."),
    r"Not a valid email address\.": _l("Please give a valid email address, e.g. name@example.org."),
    r"Not a valid URL\.": _l("Please give a full web address, beginning with https://."),
    r"Not a valid (integer|number)\.": _l("Please give a number."),
    r"Not a valid (datetime|date)\.": _l("Please give a date and a time."),
    r"Shorter than minimum length (?P<min>\d+)\.": _l("Please write at least %(min)s characters."),
    r"Longer than maximum length (?P<max>\d+)\.": _l("Please write at most %(max)s characters."),
    r"Length must be between (?P<min>\d+) and (?P<max>\d+)\.": _l(
        "Please write between %(min)s and %(max)s characters."
    ),
    r"Must be greater than or equal to (?P<min>\S+)\.": _l("Please give %(min)s or more."),
    r"Must be less than or equal to (?P<max>\S+)\.": _l("Please give %(max)s or less."),
    r"Must be greater than or equal to (?P<min>\S+) and less than or equal to (?P<max>\S+)\.": _l(
        "Please give a number from %(min)s to %(max)s."
    ),
    r"Must be one of: .*\.": _l("Please choose one of the values offered."),
    r"Please give the person's email address, phone number or both\.": _l(
        "Please give the person's email address, phone number or both."
    ),
    r"SMS reminders need a phone number\.": _l("SMS reminders need a phone number."),
}


def detail(message: str) -> str:
    return str(_l("The service says: “%(detail)s”", detail=message.strip()))


def refusal_sentence(code: str, status_lead: str, message: str) -> str:
    """Our sentence for ``code`` (else the status's lead), and the service's where it helps."""
    known = BY_CODE.get(code)
    lead = str(known) if known is not None else status_lead
    if message and (known is None or code in WITH_DETAIL) and message.strip() != lead:
        return f"{lead} {detail(message)}"
    return lead


def field_sentence(message: str) -> str:
    """A field's refusal in the page's language (an unknown one kept, labelled, on German pages)."""
    for pattern, text in FIELD_SENTENCES.items():
        found = re.fullmatch(pattern, message.strip())
        if found:
            return str(text) % found.groupdict() if found.groupdict() else str(text)
    if language() == "en":
        return message
    not_accepted = str(_l("This detail was not accepted."))
    return f"{not_accepted} {detail(message)}"
