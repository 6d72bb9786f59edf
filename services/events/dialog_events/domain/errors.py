"""What can go wrong in the events service, and how the API answers it (one table)."""

from __future__ import annotations


class EventsError(Exception):
    """Base of the events service's domain errors; the text is shown to staff."""


class NotFound(EventsError):
    pass


class EventNotFound(NotFound):
    pass


class RoundTableNotFound(NotFound):
    pass


class OrganisationNotFound(NotFound):
    pass


class MembershipNotFound(NotFound):
    pass


class TransitionRefused(EventsError):
    pass


class AlreadyMember(EventsError):
    pass


class AnnouncementConflict(EventsError):
    pass


class Archived(EventsError):
    pass


class ContactNotFound(NotFound):
    pass


class InvalidInput(EventsError):
    """Input that breaks a rule across fields; ``errors`` maps each field to its sentences."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        names = ", ".join(sorted(errors))
        super().__init__(
            f"Some of the information is not valid: {names}. Please check these fields."
        )
        self.errors = errors


class InvalidEvent(InvalidInput):
    pass


#: domain exception -> (HTTP status, code)
ERROR_TABLE = {
    EventNotFound: (404, "event_not_found"),
    RoundTableNotFound: (404, "round_table_not_found"),
    OrganisationNotFound: (404, "organisation_not_found"),
    MembershipNotFound: (404, "membership_not_found"),
    TransitionRefused: (409, "transition_refused"),
    AlreadyMember: (409, "already_member"),
    Archived: (409, "archived"),
    AnnouncementConflict: (409, "announcement_conflict"),
    ContactNotFound: (404, "contact_not_found"),
    InvalidInput: (422, "invalid_input"),
}
