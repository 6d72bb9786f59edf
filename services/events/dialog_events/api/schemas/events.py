"""Schemas of events: what staff set, how staff and the public see an event, the lists'
query arguments."""

from marshmallow import Schema, fields, validate

from dialog_platform.locale import BERLIN, TIME_ZONE
from dialog_platform.messaging.contracts.events import (
    ACCESS,
    EVENT_TYPES,
    Contact,
    Reminder,
    Venue,
)
from dialog_platform.web.schemas import StrictSchema, WholeNumber, text

from ...domain.lifecycle import EventStatus
from ...rendering import render_markdown

SERIES = r"^[a-z0-9][a-z0-9-]{0,99}$"
QUIET_HOURS = r"^([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9]$"


class LocalTime(fields.Field):
    """A UTC time of the object (``source``), shown on the Berlin wall clock with its offset."""

    def __init__(self, source: str, **kwargs):
        super().__init__(dump_only=True, **kwargs)
        self.source = source

    def get_value(self, obj, attr, accessor=None, default=None):
        return getattr(obj, self.source)

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else value.astimezone(BERLIN).isoformat()


class EventFieldsSchema(StrictSchema):
    """What staff set on an event; cross-field rules are checked by the domain (422, per field)."""

    type = fields.String(required=True, validate=validate.OneOf(EVENT_TYPES))
    title = text(200, required=True)
    description = fields.String(load_default="", validate=validate.Length(max=20000))
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True, metadata={"description": "After starts_at."})
    capacity = WholeNumber(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=0),
        metadata={"description": "No lower than the seats already taken."},
    )
    venue = fields.Nested(Venue, load_default=None, allow_none=True)
    online_url = fields.Url(
        load_default=None,
        allow_none=True,
        schemes={"http", "https"},
        validate=validate.Length(max=500),
    )
    registration_opens_at = fields.AwareDateTime(
        load_default=None,
        allow_none=True,
        metadata={"description": "Before registration_closes_at and before starts_at."},
    )
    registration_closes_at = fields.AwareDateTime(
        load_default=None, allow_none=True, metadata={"description": "No later than starts_at."}
    )
    requires_email_confirmation = fields.Boolean(load_default=True)
    languages = fields.List(
        fields.String(validate=validate.Regexp(r"^[a-zA-Z]{2,3}(-[a-zA-Z]{2})?$")),
        load_default=lambda: ["de"],
        validate=validate.Length(max=10),
    )
    reminder_plan = fields.List(fields.Nested(Reminder), validate=validate.Length(max=5))
    organiser = fields.String(load_default="", validate=validate.Length(max=200))
    contact = fields.Nested(Contact, load_default=None, allow_none=True)
    topics = fields.List(
        text(100),
        load_default=list,
        validate=validate.Length(max=20),
    )
    #: public, or invitation (only a round-table meeting; its default). Left out: the default.
    access = fields.String(validate=validate.OneOf(ACCESS))
    #: The series it belongs to: lower-case letters, digits and hyphens; null: none.
    series = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(
            SERIES,
            error="A series is named with lower-case letters, digits and hyphens, "
            "e.g. abendvortraege-2027 (at most 100).",
        ),
    )
    #: "HH:MM-HH:MM" (Berlin wall clock): no SMS about this event in between; null: the
    #: programme's setting.
    sms_quiet_hours = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(
            QUIET_HOURS,
            error='Quiet hours are written "HH:MM-HH:MM", e.g. "21:00-08:00".',
        ),
    )


class EventSchema(EventFieldsSchema):
    """An event as staff see it."""

    id = fields.UUID(dump_only=True)
    status = fields.String(dump_only=True)
    version = fields.Integer(dump_only=True)
    round_table_id = fields.UUID(dump_only=True, allow_none=True)
    published_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    cancel_reason = fields.String(dump_only=True, allow_none=True)
    minutes = fields.String(dump_only=True, allow_none=True)
    starts_at_local = LocalTime("starts_at")
    ends_at_local = LocalTime("ends_at")


class EventPatchSchema(EventFieldsSchema):
    """Only the fields to change (used with ``partial=True``)."""


class CancelSchema(StrictSchema):
    reason = text(1000, required=True)


class PublicEventSchema(Schema):
    """An event as the public sees it: no minutes, no internal notes; HTML made safe."""

    id = fields.UUID()
    status = fields.String()
    version = fields.Integer()
    type = fields.String()
    title = fields.String()
    description_html = fields.Function(lambda e: render_markdown(e.description))
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()
    starts_at_local = LocalTime("starts_at")
    ends_at_local = LocalTime("ends_at")
    time_zone = fields.Constant(TIME_ZONE)
    capacity = fields.Integer(allow_none=True)
    venue = fields.Nested(Venue, allow_none=True)
    online_url = fields.String(allow_none=True)
    registration_opens_at = fields.AwareDateTime(allow_none=True)
    registration_closes_at = fields.AwareDateTime(allow_none=True)
    languages = fields.List(fields.String())
    topics = fields.List(fields.String())
    organiser = fields.String()
    contact = fields.Nested(Contact, allow_none=True)
    series = fields.String(allow_none=True)


class PublicEventQueryArgsSchema(StrictSchema):
    type = fields.String(validate=validate.OneOf(EVENT_TYPES))
    series = text(100)
    topic = text(100)
    language = fields.String(validate=validate.Length(min=2, max=8))
    #: From (default: now) and until; events starting in between.
    starts_from = fields.AwareDateTime(data_key="from")
    starts_until = fields.AwareDateTime(data_key="until")
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class PublicEventPageSchema(Schema):
    items = fields.List(fields.Nested(PublicEventSchema))
    total = fields.Integer()
    #: False when there are more matches than were counted (the total is then a lower bound).
    total_exact = fields.Boolean()
    page = fields.Integer()
    page_size = fields.Integer()


class StaffEventQueryArgsSchema(StrictSchema):
    status = fields.String(validate=validate.OneOf([s.value for s in EventStatus]))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class FeedQueryArgsSchema(StrictSchema):
    type = fields.String(validate=validate.OneOf(EVENT_TYPES))
