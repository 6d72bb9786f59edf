"""What can go wrong in the mediation service, and how the API answers it (one table)."""

from dialog_platform.errors import error_table


class MediationError(Exception):
    """Base of the mediation service's domain errors; the text is shown to staff."""


class NotFound(MediationError):
    pass


class AccessDenied(MediationError):
    pass


class TransitionRefused(MediationError):
    pass


class InvalidRequest(MediationError):
    """Input that is well formed but does not fit the case; ``errors`` names the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.errors = {field: [message]}


class Conflict(MediationError):
    pass


#: domain exception -> (HTTP status, code), the code its name in snake case unless named here
ERROR_TABLE = error_table(
    {
        403: (AccessDenied,),
        404: (NotFound,),
        409: (TransitionRefused, Conflict),
        422: (InvalidRequest,),
    },
    codes={AccessDenied: "forbidden", InvalidRequest: "invalid_input"},
)
