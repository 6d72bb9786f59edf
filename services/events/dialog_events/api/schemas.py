"""Request and response schemas of the events API."""

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from dialog_platform.messaging.contracts.events import EVENT_TYPES


class StrictSchema(Schema):
    class Meta:
        unknown = RAISE


class EventSchema(StrictSchema):
    id = fields.UUID(dump_only=True)
    type = fields.String(required=True, validate=validate.OneOf(EVENT_TYPES))
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=20000))
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    capacity = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0))
    status = fields.String(dump_only=True)
    version = fields.Integer(dump_only=True)

    @validates_schema
    def _end_after_start(self, data, **_kwargs):
        if data["ends_at"] <= data["starts_at"]:
            raise ValidationError("The end must be after the start.", field_name="ends_at")
