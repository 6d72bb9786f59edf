"""What can go wrong in the events service, and how the API answers it (one table)."""

from __future__ import annotations

from dialog_platform.errors import error_table


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


#: domain exception -> (HTTP status, code), the code its name in snake case
ERROR_TABLE = error_table(
    {
        404: (
            EventNotFound,
            RoundTableNotFound,
            OrganisationNotFound,
            MembershipNotFound,
            ContactNotFound,
        ),
        409: (TransitionRefused, AlreadyMember, Archived, AnnouncementConflict),
        422: (InvalidInput,),
    }
)
