"""Schemas of the organisations directory (staff only)."""

from marshmallow import fields, validate

from dialog_platform.messaging.contracts.events import ORGANISATION_KINDS, RECOGNITION_STATUSES

from . import PhoneNumber, StrictSchema


class ContactPersonSchema(StrictSchema):
    """A contact person of the organisation. The list is sent whole: an entry with the ``id``
    of one already recorded changes that person (keeping when they consented), an entry
    without ``id`` is a new person, and those left out are removed."""

    id = fields.UUID(load_default=None)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    role = fields.String(load_default="", validate=validate.Length(max=200))
    email = fields.Email(load_default=None, allow_none=True)
    phone = PhoneNumber(load_default=None, allow_none=True)
    #: Whether they agreed to receive the programme's announcements; left out: as it was (no,
    #: for a new person).
    announcements_consent = fields.Boolean(load_default=None, allow_none=True)
    #: When they agreed.
    announcements_consented_at = fields.AwareDateTime(dump_only=True, allow_none=True)


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
