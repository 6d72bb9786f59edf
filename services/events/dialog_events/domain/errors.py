"""What can go wrong in the events service, and how the API answers it (one table)."""


class EventsError(Exception):
    """Base of the events service's domain errors; the text is shown to staff."""


class EventNotFound(EventsError):
    pass


class TransitionRefused(EventsError):
    pass


#: domain exception -> (HTTP status, code)
ERROR_TABLE = {
    EventNotFound: (404, "event_not_found"),
    TransitionRefused: (409, "transition_refused"),
}
