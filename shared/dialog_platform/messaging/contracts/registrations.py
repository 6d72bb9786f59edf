"""Contracts of the messages the registrations service publishes.

Each registration message carries what notifications needs to write to the person without
asking anyone: their name, contact channels with consent flags, language, the event in short,
and the links they may click. Links open a page with one button; only its POST acts.
"""

from enum import StrEnum

from marshmallow import Schema, fields, validate

from . import contract
from .events import Venue
from .people import Person
from .sealed import Sealed


class RegistrationStatus(StrEnum):
    """The states of a registration, as messages name them. Which changes between them are
    allowed is the registrations service's rule (its ``domain/states.py``)."""

    PENDING = "pending"  # waiting for the email address to be confirmed; the seat is held
    CONFIRMED = "confirmed"  # has a seat
    WAITLISTED = "waitlisted"  # on the waiting list
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # not confirmed in time; the seat was released
    ATTENDED = "attended"
    NO_SHOW = "no_show"


REGISTRATION_STATUSES = tuple(status.value for status in RegistrationStatus)


class Participant(Person):
    """The person, as far as messages need them: an email address, except for a round-table
    delegate reached by phone alone who accepted an invitation (then ``phone``)."""

    sms_consent = fields.Boolean(load_default=False)


class EventSummary(Schema):
    """The event in short, as the registrations service knew it when it wrote the message."""

    event_id = fields.UUID(required=True)
    version = fields.Integer(required=True)
    title = fields.String(required=True)
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    venue = fields.Nested(Venue, load_default=None, allow_none=True)
    online_url = fields.Url(load_default=None, allow_none=True)


class Links(Schema):
    """Links for the participant; each opens a page with one confirming button."""

    confirm_url = fields.Url(load_default=None, allow_none=True)
    cancel_url = fields.Url(required=True)


class RegistrationSnapshot(Schema):
    """A registration as other services may know it."""

    registration_id = fields.UUID(required=True)
    #: Grows with every change of the registration.
    version = fields.Integer(required=True, validate=validate.Range(min=1))
    status = fields.String(required=True, validate=validate.OneOf(REGISTRATION_STATUSES))
    #: Whether the registration takes one of the event's seats (the registrations service's
    #: rule, said here so that no consumer has to know which statuses do).
    takes_seat = fields.Boolean(required=True)
    #: Whether the person confirmed their email address (for an event that asks them to).
    email_confirmed = fields.Boolean(load_default=False)
    #: Until when a pending seat is held for the email confirmation (pending only), else null.
    hold_until = fields.AwareDateTime(load_default=None, allow_none=True)
    #: 1-based position on the waiting list while waitlisted, else null.
    waitlist_position = fields.Integer(load_default=None, allow_none=True)
    participant = Sealed(Participant, required=True)
    event = fields.Nested(EventSummary, required=True)
    #: Sealed: a link's token is the key to the registration.
    links = Sealed(Links, required=True)


@contract("registrations.registration.created", 1)
class RegistrationCreated(RegistrationSnapshot):
    """Published when someone signs up (web form, API, or staff on their behalf). ``status`` is
    pending (please confirm your email: ``links.confirm_url``), confirmed or waitlisted (at an
    event that asks for a confirmed address, ``links.confirm_url`` lets them confirm while
    waiting). ``links.cancel_url`` is always there."""


@contract("registrations.registration.confirmed", 1)
class RegistrationConfirmed(RegistrationSnapshot):
    """Published when a registration gets its seat: at sign-up, or when the email address is
    confirmed. Notifications sends the confirmation and schedules the reminders."""


@contract("registrations.registration.waitlisted", 1)
class RegistrationWaitlisted(RegistrationSnapshot):
    """Published when a registration is put on the waiting list (``waitlist_position``)."""


@contract("registrations.registration.promoted", 1)
class RegistrationPromoted(RegistrationSnapshot):
    """Published when a seat freed up and a waitlisted registration got it: ``status``
    confirmed, or pending (the seat held until ``hold_until``, ``links.confirm_url`` to
    confirm) when the event asks for a confirmed address and the person had not confirmed it
    while waiting."""


@contract("registrations.registration.cancelled", 1)
class RegistrationCancelled(RegistrationSnapshot):
    """Published when a registration is cancelled: by the participant's link, by staff (with a
    reason), because the event was cancelled (the event's reason), or expired unconfirmed."""

    cancelled_by = fields.String(
        required=True,
        validate=validate.OneOf(["participant", "staff", "event_cancelled", "expired"]),
    )
    reason = fields.String(load_default="", validate=validate.Length(max=1000))


@contract("registrations.registration.consent_withdrawn", 1)
class RegistrationConsentWithdrawn(RegistrationSnapshot):
    """Published when a person's consent to a purpose is withdrawn (``purpose``: sms_reminders,
    by staff or by the person): notifications stops what that consent allowed at once."""

    purpose = fields.String(required=True, validate=validate.OneOf(["sms_reminders"]))


@contract("registrations.registration.checked_in", 1)
class RegistrationCheckedIn(RegistrationSnapshot):
    """Published when staff record attendance: ``status`` is attended or no_show, or confirmed
    again when they undo a check-in."""


@contract("registrations.registration.confirmation_requested", 1)
class RegistrationConfirmationRequested(RegistrationSnapshot):
    """Published when someone signs up again with an address that is not confirmed yet: the
    confirmation mail goes out once more (``links.confirm_url``), a few times at most."""


class Invitee(Person):
    """A round-table delegate invited to a meeting."""

    delegate_id = fields.UUID(required=True)
    organisation_name = fields.String(load_default="", validate=validate.Length(max=200))


class InvitationLinks(Schema):
    """Links for the invited delegate; each opens a page with one confirming button, so they
    work from an SMS as from a mail."""

    accept_url = fields.Url(required=True)
    decline_url = fields.Url(required=True)


@contract("registrations.invitation.sent", 1)
class InvitationSent(Schema):
    """Published when a delegate is invited to a round-table meeting, and again when staff
    resend it (``resent``); notifications writes to them by every channel they have (mail,
    SMS with the links, the time and the place)."""

    invitation_id = fields.UUID(required=True)
    round_table_name = fields.String(required=True)
    invitee = Sealed(Invitee, required=True)
    event = fields.Nested(EventSummary, required=True)
    #: Sealed: a link's token is the key to the invitation.
    links = Sealed(InvitationLinks, required=True)
    resent = fields.Boolean(load_default=False)


@contract("registrations.invitation.cancelled", 1)
class InvitationCancelled(Schema):
    """Published when an invitation is withdrawn: the delegate was removed from the round
    table, the meeting was cancelled, or staff withdrew it. Notifications tells the delegate
    and drops what it had scheduled for them."""

    invitation_id = fields.UUID(required=True)
    round_table_name = fields.String(required=True)
    invitee = Sealed(Invitee, required=True)
    event = fields.Nested(EventSummary, required=True)
    reason = fields.String(
        required=True, validate=validate.OneOf(["delegate_removed", "meeting_cancelled", "staff"])
    )


@contract("registrations.invitation.answered", 1)
class InvitationAnswered(Schema):
    """Published when an invited delegate accepts (a seated registration is made:
    ``registration_id``) or declines."""

    invitation_id = fields.UUID(required=True)
    answer = fields.String(required=True, validate=validate.OneOf(["accepted", "declined"]))
    registration_id = fields.UUID(load_default=None, allow_none=True)
    event_id = fields.UUID(required=True)


SUBSCRIPTION_TOPICS = ("series", "event_type", "round_table")


class SubscriptionTopic(Schema):
    """What someone subscribed to: an event series (``key`` its id), an event type (``key``
    e.g. ``workshop``) or a round table (``key`` its id), with the title they saw."""

    kind = fields.String(required=True, validate=validate.OneOf(SUBSCRIPTION_TOPICS))
    key = fields.String(required=True, validate=validate.Length(min=1, max=100))
    title = fields.String(required=True, validate=validate.Length(max=200))


class Subscriber(Person):
    email = fields.Email(required=True)


class SubscriptionLinks(Schema):
    """``confirm_url`` while the address is not confirmed; ``unsubscribe_url`` always (it
    opens a page with one button, and takes a one-click POST, RFC 8058)."""

    confirm_url = fields.Url(load_default=None, allow_none=True)
    unsubscribe_url = fields.Url(required=True)


@contract("registrations.subscription.requested", 1)
class SubscriptionRequested(Schema):
    """Published when someone subscribes (or asks again for the confirmation link):
    notifications sends the "please confirm" mail with ``links.confirm_url``."""

    subscription_id = fields.UUID(required=True)
    topic = fields.Nested(SubscriptionTopic, required=True)
    subscriber = Sealed(Subscriber, required=True)
    links = Sealed(SubscriptionLinks, required=True)


@contract("registrations.subscription.announced", 1)
class SubscriptionAnnounced(Schema):
    """Published once per confirmed subscription and event when sign-up opens for a new date
    of what they subscribed to: notifications sends one announcement mail."""

    subscription_id = fields.UUID(required=True)
    topic = fields.Nested(SubscriptionTopic, required=True)
    event = fields.Nested(EventSummary, required=True)
    signup_url = fields.Url(required=True)
    subscriber = Sealed(Subscriber, required=True)
    links = Sealed(SubscriptionLinks, required=True)
