"""Schemas of the round tables and the organisations directory (staff only)."""

from marshmallow import Schema, fields, validate

from dialog_platform.locale import LANGUAGES
from dialog_platform.messaging.contracts.events import ORGANISATION_KINDS, RECOGNITION_STATUSES

from .schemas import EventSchema, StrictSchema


class ContactPersonSchema(StrictSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    role = fields.String(load_default="", validate=validate.Length(max=200))
    email = fields.Email(load_default=None, allow_none=True)
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))


class OrganisationSchema(StrictSchema):
    id = fields.UUID(dump_only=True)
    version = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(required=True, validate=validate.OneOf(ORGANISATION_KINDS))
    city = fields.String(load_default="", validate=validate.Length(max=200))
    address = fields.String(load_default="", validate=validate.Length(max=500))
    contact_persons = fields.List(
        fields.Nested(ContactPersonSchema), load_default=list, validate=validate.Length(max=20)
    )
    recognition = fields.String(load_default="none", validate=validate.OneOf(RECOGNITION_STATUSES))
    needs_notes = fields.String(load_default="", validate=validate.Length(max=20000))
    support_notes = fields.String(load_default="", validate=validate.Length(max=20000))
    tags = fields.List(
        fields.String(validate=validate.Length(min=1, max=100)),
        load_default=list,
        validate=validate.Length(max=30),
    )


class OrganisationQuerySchema(StrictSchema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    kind = fields.String(validate=validate.OneOf(ORGANISATION_KINDS))
    city = fields.String(validate=validate.Length(min=1, max=200))
    tag = fields.String(validate=validate.Length(min=1, max=100))
    recognition = fields.String(validate=validate.OneOf(RECOGNITION_STATUSES))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class DelegateSchema(StrictSchema):
    """A delegate; phone and language as narrow as registrations' invitation contract, so an
    invitation can always be sent."""

    id = fields.UUID(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
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
    left_at = fields.AwareDateTime(dump_only=True)
    delegates = fields.List(fields.Nested(DelegateSchema), load_default=list)


class DelegatesSchema(StrictSchema):
    delegates = fields.List(fields.Nested(DelegateSchema), required=True)


class RoundTableSchema(StrictSchema):
    id = fields.UUID(dump_only=True)
    version = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    city = fields.String(load_default="", validate=validate.Length(max=200))
    description = fields.String(load_default="", validate=validate.Length(max=20000))
    #: Current members first; the whole history of joining and leaving is in ``memberships``.
    memberships = fields.List(fields.Nested(MembershipSchema), dump_only=True)


class MeetingsSchema(Schema):
    past = fields.List(fields.Nested(EventSchema))
    upcoming = fields.List(fields.Nested(EventSchema))


class MinutesSchema(StrictSchema):
    minutes = fields.String(required=True, validate=validate.Length(max=100000))


class OrganisationPatchSchema(OrganisationSchema):
    """Only the fields to change (used with ``partial=True``)."""


class RoundTablePatchSchema(RoundTableSchema):
    """Only the fields to change (used with ``partial=True``)."""
