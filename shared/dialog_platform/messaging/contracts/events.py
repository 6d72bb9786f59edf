"""Contracts of the messages the events service publishes."""

from marshmallow import Schema, fields, validate

from . import contract

EVENT_TYPES = (
    "round_table_meeting",
    "information_event",
    "evening_lecture",
    "qualification_workshop",
    "other",
)


class EventSnapshot(Schema):
    """What other services keep of an event: enough to run sign-ups and reminders."""

    event_id = fields.UUID(required=True)
    version = fields.Integer(required=True, validate=validate.Range(min=1))
    status = fields.String(
        required=True, validate=validate.OneOf(["draft", "published", "cancelled", "completed"])
    )
    type = fields.String(required=True, validate=validate.OneOf(EVENT_TYPES))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    capacity = fields.Integer(allow_none=True, validate=validate.Range(min=0))


@contract("events.event.published", 1)
class EventPublished(EventSnapshot):
    """Published by events when staff publish a draft; ``data`` is the event as now visible to
    the public. Registrations opens sign-ups from it; notifications learns its time."""
