"""Schemas of the contact point's log (staff only)."""

from marshmallow import fields, validate

from dialog_platform.web.schemas import StrictSchema, text

from ...models.contact_log import CONTACT_CHANNELS


class ContactLogEntrySchema(StrictSchema):
    """One contact with an organisation; ``staff_subject`` is who recorded it (from the token)."""

    id = fields.UUID(dump_only=True)
    organisation_id = fields.UUID(dump_only=True)
    organisation_name = fields.String(dump_only=True)
    happened_on = fields.Date(required=True)
    channel = fields.String(required=True, validate=validate.OneOf(CONTACT_CHANNELS))
    topic = text(200, required=True)
    notes = fields.String(load_default="", validate=validate.Length(max=20000))
    #: Whom at the organisation (one of its contact persons); null: not recorded, or erased.
    contact_person_id = fields.UUID(load_default=None, allow_none=True)
    #: When to follow it up; null: nothing to follow up.
    follow_up_due = fields.Date(load_default=None, allow_none=True)
    #: Whether the follow-up is done.
    done = fields.Boolean(load_default=False)
    done_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    staff_subject = fields.String(dump_only=True)
    recorded_at = fields.AwareDateTime(dump_only=True)


class ContactLogEntryPatchSchema(ContactLogEntrySchema):
    """Only the fields to change (used with ``partial=True``)."""


class DueQueryArgsSchema(StrictSchema):
    #: Due on or before this day (default: today, Berlin).
    until = fields.Date()
