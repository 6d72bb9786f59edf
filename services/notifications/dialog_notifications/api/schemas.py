"""Request and response schemas of the notifications API."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from dialog_platform.web.schemas import ReadOnlySchema, StrictSchema

from ..models import DeliveryStatus


class DeliveryLogArgsSchema(StrictSchema):
    event_id = fields.UUID(load_default=None)
    recipient_id = fields.UUID(load_default=None)
    #: e.g. ``failed``: what staff should look at (addresses refused, retries exhausted).
    status = fields.String(
        load_default=None, validate=validate.OneOf([s.value for s in DeliveryStatus])
    )

    @validates_schema
    def one_of(self, data, **_kwargs):
        if all(data.get(name) is None for name in ("event_id", "recipient_id", "status")):
            raise ValidationError(
                "Give an event_id, a recipient_id or a status to see deliveries.", "event_id"
            )


class AttemptSchema(ReadOnlySchema):
    at = fields.AwareDateTime()
    outcome = fields.String()
    answer = fields.String(allow_none=True)


class DeliverySchema(ReadOnlySchema):
    id = fields.UUID()
    recipient_id = fields.UUID()
    event_id = fields.UUID()
    kind = fields.String()
    channel = fields.String()
    slot = fields.String()
    status = fields.Function(lambda d: d.status.value)
    due_at = fields.AwareDateTime()
    attempts = fields.Integer()
    last_error = fields.String(allow_none=True)
    sent_at = fields.AwareDateTime(allow_none=True)


class DeliveryLogEntrySchema(ReadOnlySchema):
    delivery = fields.Nested(DeliverySchema)
    attempts = fields.List(fields.Nested(AttemptSchema))


class PreviewSchema(ReadOnlySchema):
    subject = fields.String()
    text = fields.String()
    html = fields.String()
    sms = fields.String()
