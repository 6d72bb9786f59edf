"""Plain sentences (English) telling the API's callers what happened and what comes next."""

from __future__ import annotations

from .domain.states import RegistrationStatus, describe


def result_sentence(status: str, waitlist_position: int | None) -> str:
    if status == RegistrationStatus.CONFIRMED:
        return "Your seat is confirmed."
    if status == RegistrationStatus.PENDING:
        return (
            "Please confirm your email address with the link we have sent you; "
            "until then your seat is held for you."
        )
    if status == RegistrationStatus.WAITLISTED:
        return (
            f"The event is full. You are on the waiting list at position {waitlist_position}; "
            "we will write to you when a seat becomes free."
        )
    return f"This registration is {describe(status)}."


def link_sentence(action: str, status: str, already: bool) -> str:
    if action == "confirm":
        if already:
            return "Your email address was already confirmed. Your seat is yours."
        return "Thank you: your email address is confirmed and your seat is yours."
    if already:
        return "This registration was already cancelled (or had expired). Nothing changed."
    return "Your registration is cancelled. Thank you for letting us know."
