"""Schemas of round tables: members and their delegates, meetings and minutes (staff only)."""

from marshmallow import Schema, fields, validate

from dialog_platform.locale import LANGUAGES
from dialog_platform.web.schemas import StrictSchema, text

from ...rendering import render_markdown
from .events import EventFieldsSchema, EventSchema


class DelegateSchema(StrictSchema):
    """A delegate; phone and language as narrow as registrations' invitation contract, so an
    invitation can always be sent."""

    id = fields.UUID(dump_only=True)
    name = text(200, required=True)
    role = fields.String(load_default="", validate=validate.Length(max=200))
    email = fields.Email(load_default=None, allow_none=True)
    phone = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Regexp(r"^\+[1-9][0-9]{6,14}$", error="Please give the number as +49..."),
    )
    language = fields.String(load_default="de", validate=validate.OneOf(LANGUAGES))


class MembershipSchema(StrictSchema):
    id = fields.UUID(dump_only=True)
    organisation_id = fields.UUID(required=True)
    organisation_name = fields.Function(lambda m: m.organisation.name, dump_only=True)
    joined_at = fields.AwareDateTime(dump_only=True)
    left_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    delegates = fields.List(fields.Nested(DelegateSchema), load_default=list)


class DelegatesSchema(StrictSchema):
    delegates = fields.List(fields.Nested(DelegateSchema), required=True)


class RoundTableSchema(StrictSchema):
    id = fields.UUID(dump_only=True)
    version = fields.Integer(dump_only=True)
    name = text(200, required=True)
    city = fields.String(load_default="", validate=validate.Length(max=200))
    description = fields.String(load_default="", validate=validate.Length(max=20000))
    #: Current members first; the whole history of joining and leaving is in ``memberships``.
    memberships = fields.List(fields.Nested(MembershipSchema), dump_only=True)


class MeetingsSchema(Schema):
    past = fields.List(fields.Nested(EventSchema))
    upcoming = fields.List(fields.Nested(EventSchema))


class MinutesSchema(StrictSchema):
    """Minutes as staff write them (plain text or Markdown) and, to show, as safe HTML (raw
    HTML in them is escaped, links only http(s) and mailto)."""

    minutes = fields.String(required=True, validate=validate.Length(max=100000))
    minutes_html = fields.Function(lambda e: render_markdown(e.minutes), dump_only=True)


class RoundTablePatchSchema(RoundTableSchema):
    """Only the fields to change (used with ``partial=True``)."""


class MeetingFieldsSchema(EventFieldsSchema):
    """A meeting's fields; type and title default to the round table's (``partial``)."""
