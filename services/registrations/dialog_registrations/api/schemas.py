"""Request and response schemas of the registrations API."""

from marshmallow import Schema, fields


class PublicEventSchema(Schema):
    id = fields.UUID(dump_only=True)
    type = fields.String(dump_only=True)
    title = fields.String(dump_only=True)
    starts_at = fields.AwareDateTime(dump_only=True)
    ends_at = fields.AwareDateTime(dump_only=True)
    capacity = fields.Integer(dump_only=True, allow_none=True)
