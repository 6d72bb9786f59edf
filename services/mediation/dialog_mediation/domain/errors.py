"""What can go wrong in the mediation service, and how the API answers it (one table)."""


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


#: domain exception -> (HTTP status, code)
ERROR_TABLE = {
    NotFound: (404, "not_found"),
    AccessDenied: (403, "forbidden"),
    TransitionRefused: (409, "transition_refused"),
    InvalidRequest: (422, "invalid_input"),
    Conflict: (409, "conflict"),
}
