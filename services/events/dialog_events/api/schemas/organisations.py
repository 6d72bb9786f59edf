"""Schemas of the organisations directory (staff only)."""

from marshmallow import fields, validate

from dialog_platform.messaging.contracts.events import ORGANISATION_KINDS, RECOGNITION_STATUSES

from . import StrictSchema


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


class OrganisationQueryArgsSchema(StrictSchema):
    name = fields.String(validate=validate.Length(min=1, max=200))
    kind = fields.String(validate=validate.OneOf(ORGANISATION_KINDS))
    city = fields.String(validate=validate.Length(min=1, max=200))
    tag = fields.String(validate=validate.Length(min=1, max=100))
    recognition = fields.String(validate=validate.OneOf(RECOGNITION_STATUSES))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class OrganisationPatchSchema(OrganisationSchema):
    """Only the fields to change (used with ``partial=True``)."""
