"""Request and response schemas of the notifications API."""

from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from ..models import DeliveryStatus


class StrictSchema(Schema):
    class Meta:
        unknown = RAISE


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


class AttemptSchema(Schema):
    at = fields.AwareDateTime(dump_only=True)
    outcome = fields.String(dump_only=True)
    answer = fields.String(dump_only=True, allow_none=True)


class DeliverySchema(Schema):
    id = fields.UUID(dump_only=True)
    recipient_id = fields.UUID(dump_only=True)
    event_id = fields.UUID(dump_only=True)
    kind = fields.String(dump_only=True)
    channel = fields.String(dump_only=True)
    slot = fields.String(dump_only=True)
    status = fields.Function(lambda d: d.status.value, dump_only=True)
    due_at = fields.AwareDateTime(dump_only=True)
    attempts = fields.Integer(dump_only=True)
    last_error = fields.String(dump_only=True, allow_none=True)
    sent_at = fields.AwareDateTime(dump_only=True, allow_none=True)


class DeliveryLogEntrySchema(Schema):
    delivery = fields.Nested(DeliverySchema, dump_only=True)
    attempts = fields.List(fields.Nested(AttemptSchema), dump_only=True)


class PreviewSchema(Schema):
    subject = fields.String(dump_only=True)
    text = fields.String(dump_only=True)
    html = fields.String(dump_only=True)
    sms = fields.String(dump_only=True)
