"""Contracts of the messages the events service publishes.

Every event message carries the whole ``EventSnapshot``: consumers keep their own copy from it
and never need to ask the events service. ``version`` grows with every change of the event;
a consumer ignores a message whose version is not newer than the copy it holds.
"""

from marshmallow import Schema, fields, validate

from . import contract
from .people import Person
from .sealed import Sealed

EVENT_TYPES = (
    "round_table_meeting",
    "information_event",
    "evening_lecture",
    "qualification_workshop",
    "other",
)
EVENT_STATUSES = ("draft", "published", "cancelled", "completed")
CHANNELS = ("email", "sms")
ORGANISATION_KINDS = (
    "mosque_congregation",
    "alevi_congregation",
    "association",
    "initiative",
    "welfare_organisation",
    "public_body",
    "other",
)
RECOGNITION_STATUSES = ("none", "applied", "recognised")


ACCESS = ("public", "invitation")


class QuietHours(Schema):
    """From when until when no SMS goes, on the Berlin wall clock ("21:00" to "08:00")."""

    start = fields.String(
        required=True, validate=validate.Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
    )
    end = fields.String(required=True, validate=validate.Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$"))


class Venue(Schema):
    """Where an event takes place."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    address = fields.String(load_default="", validate=validate.Length(max=500))
    accessibility_notes = fields.String(load_default="", validate=validate.Length(max=1000))


class Reminder(Schema):
    """One reminder of an event's plan: by which channel, how long before the start."""

    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    minutes_before = fields.Integer(required=True, validate=validate.Range(min=1, max=60 * 24 * 60))


class Contact(Schema):
    """Who answers questions about an event."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(load_default=None, allow_none=True)
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))


class EventSnapshot(Schema):
    """What other services keep of an event: enough to run sign-ups, invitations and reminders."""

    event_id = fields.UUID(required=True)
    version = fields.Integer(required=True, validate=validate.Range(min=1))
    status = fields.String(required=True, validate=validate.OneOf(EVENT_STATUSES))
    type = fields.String(required=True, validate=validate.OneOf(EVENT_TYPES))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    #: Seats; null means unlimited.
    capacity = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0))
    #: Sign-ups are accepted from ``registration_opens_at`` (null: at once) until
    #: ``registration_closes_at`` (null: the start).
    registration_opens_at = fields.AwareDateTime(load_default=None, allow_none=True)
    registration_closes_at = fields.AwareDateTime(load_default=None, allow_none=True)
    requires_email_confirmation = fields.Boolean(load_default=True)
    venue = fields.Nested(Venue, load_default=None, allow_none=True)
    online_url = fields.Url(load_default=None, allow_none=True)
    #: Languages spoken at the event (ISO 639-1, e.g. de, tr, ar).
    languages = fields.List(
        fields.String(validate=validate.Length(min=2, max=8)), load_default=list
    )
    reminder_plan = fields.List(fields.Nested(Reminder), load_default=list)
    contact = fields.Nested(Contact, load_default=None, allow_none=True)
    #: Who may see and sign up: the public, or only the invited (a round table's meetings,
    #: unless staff open one).
    access = fields.String(load_default="public", validate=validate.OneOf(ACCESS))
    #: The series the event belongs to (e.g. "abendvortraege-2027"), or null.
    series = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    #: When no SMS may go (Berlin wall clock), if this event differs from the programme's
    #: setting (an evening event's 19:00 reminder is fine); null: the setting.
    sms_quiet_hours = fields.Nested(QuietHours, load_default=None, allow_none=True)
    round_table_id = fields.UUID(load_default=None, allow_none=True)


@contract("events.event.published", 1)
class EventPublished(EventSnapshot):
    """Published by events when staff publish a draft: the event becomes visible and open for
    sign-ups. ``data`` is the event's snapshot."""


@contract("events.event.updated", 1)
class EventUpdated(EventSnapshot):
    """Published by events on every change of a published event. ``data`` is the new snapshot,
    ``changed_fields`` names what changed, ``material`` is true when time or place changed (so
    participants are told), and ``previous`` holds the old values of the changed fields."""

    changed_fields = fields.List(fields.String(), required=True)
    material = fields.Boolean(required=True)
    previous = fields.Dict(keys=fields.String(), load_default=dict)


@contract("events.event.cancelled", 1)
class EventCancelled(EventSnapshot):
    """Published by events when staff cancel an event; ``reason`` is told to every participant."""

    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000))


@contract("events.event.completed", 1)
class EventCompleted(EventSnapshot):
    """Published by events when an event is marked completed (after it took place)."""


class Invitee(Person):
    """A delegate of a member organisation invited to a round-table meeting; an unknown
    language is the receiver's to replace with its default."""

    delegate_id = fields.UUID(required=True)
    language = fields.String(load_default="de", validate=validate.Length(min=2, max=8))
    role = fields.String(load_default="", validate=validate.Length(max=200))
    organisation_id = fields.UUID(required=True)
    organisation_name = fields.String(required=True, validate=validate.Length(min=1, max=200))


@contract("events.round_table.meeting_scheduled", 1)
class RoundTableMeetingScheduled(Schema):
    """Published by events when staff schedule a meeting of a round table (a published event
    linked to it). Registrations invites each of ``invitees`` with accept and decline links."""

    round_table_id = fields.UUID(required=True)
    round_table_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    event = fields.Nested(EventSnapshot, required=True)
    invitees = Sealed(Invitee, many=True, required=True)


class RoundTableSnapshot(Schema):
    """A round table and who belongs to it now: the delegates of its current member
    organisations, each to be invited to its meetings."""

    round_table_id = fields.UUID(required=True)
    #: Grows with every change of the round table, its members or their delegates.
    version = fields.Integer(required=True, validate=validate.Range(min=1))
    round_table_name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    city = fields.String(load_default="", validate=validate.Length(max=200))
    invitees = Sealed(Invitee, many=True, required=True)


@contract("events.round_table.updated", 1)
class RoundTableUpdated(RoundTableSnapshot):
    """Published by events on every change of a round table: its name or city, a member
    joining or leaving, delegates replaced. Registrations invites delegates who are new to the
    round table's upcoming meetings and cancels the invitations of those no longer delegates."""


class AnnouncementRecipient(Person):
    """A contact person of an organisation of the directory who agreed to announcements."""

    contact_person_id = fields.UUID(required=True)
    organisation_name = fields.String(load_default="", validate=validate.Length(max=200))


@contract("events.event.announced", 1)
class EventAnnounced(Schema):
    """Published by events when staff announce an event (e.g. a qualification workshop) to
    organisations of the directory, picked by tag, city or activity: notifications writes to
    each of ``recipients`` (contact persons who agreed to announcements) in their language."""

    announcement_id = fields.UUID(required=True)
    event = fields.Nested(EventSnapshot, required=True)
    #: Where people sign up (the public form of the registrations service), if the event has one.
    signup_url = fields.Url(load_default=None, allow_none=True)
    recipients = Sealed(AnnouncementRecipient, many=True, required=True)


class OrganisationSnapshot(Schema):
    """What other services (mediation) keep of an organisation of the directory. No contact
    persons: they stay in the events service."""

    organisation_id = fields.UUID(required=True)
    version = fields.Integer(required=True, validate=validate.Range(min=1))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(required=True, validate=validate.OneOf(ORGANISATION_KINDS))
    city = fields.String(load_default="", validate=validate.Length(max=200))


@contract("events.organisation.created", 1)
class OrganisationCreated(OrganisationSnapshot):
    """Published by events when staff add an organisation to the directory."""


@contract("events.organisation.updated", 1)
class OrganisationUpdated(OrganisationSnapshot):
    """Published by events when an organisation's name, kind or city changes."""
