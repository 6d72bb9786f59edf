"""What can go wrong in the registrations service, and how the API answers it (one table)."""

from dialog_platform.errors import error_table


class RegistrationsError(Exception):
    """Base of the service's domain errors; the text is a plain sentence shown to the reader."""


class EventNotFound(RegistrationsError):
    pass


class SignUpRefused(RegistrationsError):
    """The event takes no sign-ups now (not published, cancelled, past, outside the window)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        #: A stable word for the reason: not_published, cancelled, completed, not_yet_open, closed.
        self.reason = reason


class RegistrationNotFound(RegistrationsError):
    pass


class InvitationNotFound(RegistrationsError):
    pass


class TransitionRefused(RegistrationsError):
    pass


class AnswerRefused(TransitionRefused):
    """An invitation that takes no answer (or not this one) any more: withdrawn, or answered the
    other way."""

    def __init__(self, message: str, standing: str) -> None:
        super().__init__(message)
        #: The invitation's status: cancelled (withdrawn), accepted or declined.
        self.standing = standing


class TopicNotFound(RegistrationsError):
    """No series, event type or round table of this name to subscribe to."""


class SubscriptionNotFound(RegistrationsError):
    pass


class NotInvitable(RegistrationsError):
    """The event is no coming round-table meeting: nobody can be invited to it."""


class CheckInRefused(RegistrationsError):
    """A check-in (or its undoing) outside the window: too early before the start, or after
    the event's day."""


class InvalidLink(RegistrationsError):
    """A confirm, cancel or answer link that is forged, tampered with or expired."""


class ExpiredLink(InvalidLink):
    """A confirm link older than the hold of its seat."""


class TooManySignUps(RegistrationsError):
    """More sign-ups from one client address than the hourly limit allows."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        #: Seconds until the address's window ends (the answer's Retry-After).
        self.retry_after = retry_after


class PersonalDataErased(RegistrationsError):
    """The registration or invitation lost its personal details (erasure or retention): it is
    kept as a figure and changes no more."""


class ConsentRequired(RegistrationsError):
    """Accepting an invitation (a seat, so processing) needs the person's consent."""


class ConsentNotWithdrawable(RegistrationsError):
    """This purpose is not withdrawn on its own."""


class PrivacyRequestNotFound(RegistrationsError):
    """No erasure or export request with this id (exports are kept for a day)."""


class BrokerUnavailable(RegistrationsError):
    """The message broker could not be reached for a step that needs it now."""


#: domain exception -> (HTTP status, code), the code its name in snake case unless named here
ERROR_TABLE = error_table(
    {
        400: (InvalidLink,),
        404: (
            EventNotFound,
            RegistrationNotFound,
            InvitationNotFound,
            TopicNotFound,
            SubscriptionNotFound,
            PrivacyRequestNotFound,
        ),
        409: (
            SignUpRefused,
            TransitionRefused,
            NotInvitable,
            CheckInRefused,
            PersonalDataErased,
            ConsentNotWithdrawable,
        ),
        422: (ConsentRequired,),
        429: (TooManySignUps,),
        503: (BrokerUnavailable,),
    },
    codes={TooManySignUps: "too_many_requests"},
)
