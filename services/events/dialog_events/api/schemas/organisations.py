"""Schemas of the organisations directory (staff only)."""

from marshmallow import fields, validate

from dialog_platform.locale import LANGUAGES
from dialog_platform.messaging.contracts.events import ORGANISATION_KINDS, RECOGNITION_STATUSES
from dialog_platform.web.schemas import PhoneNumber, StrictSchema, WholeNumber, text

from ...models.organisations import ACTIVITIES, NEED_CATEGORIES, NEED_STATUSES


class ContactPersonSchema(StrictSchema):
    """A contact person of the organisation. The list is sent whole: an entry with the ``id``
    of one already recorded changes that person (keeping when they consented), an entry
    without ``id`` is a new person, and those left out are removed."""

    id = fields.UUID(load_default=None)
    name = text(200, required=True)
    role = fields.String(load_default="", validate=validate.Length(max=200))
    email = fields.Email(load_default=None, allow_none=True)
    phone = PhoneNumber(load_default=None, allow_none=True)
    #: Whether they agreed to receive the programme's announcements; left out: as it was (no,
    #: for a new person).
    announcements_consent = fields.Boolean(load_default=None, allow_none=True)
    #: When they agreed.
    announcements_consented_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    #: When they withdrew it themselves, by the unsubscribe link of an announcement (null: they
    #: did not, or staff recorded their consent again since).
    announcements_withdrawn_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    #: The language announcements are written to them in; left out: as it was (de for a new
    #: person).
    language = fields.String(validate=validate.OneOf(LANGUAGES))


class NeedSchema(StrictSchema):
    """One need of the needs assessment. The list is sent whole, as the contact persons are:
    an entry with the ``id`` of a recorded need changes it; ``status_since`` moves to today when
    its status changes."""

    id = fields.UUID(load_default=None)
    category = fields.String(required=True, validate=validate.OneOf(NEED_CATEGORIES))
    description = fields.String(load_default="", validate=validate.Length(max=5000))
    status = fields.String(load_default="open", validate=validate.OneOf(NEED_STATUSES))
    #: When the need was found (default: today, Berlin).
    identified_on = fields.Date(load_default=None)
    status_since = fields.Date(dump_only=True)


class RecognitionChangeSchema(StrictSchema):
    status = fields.String()
    #: The day it took effect.
    since = fields.Date()
    recorded_at = fields.AwareDateTime()


class OrganisationSchema(StrictSchema):
    id = fields.UUID(dump_only=True)
    version = fields.Integer(dump_only=True)
    name = text(200, required=True)
    kind = fields.String(required=True, validate=validate.OneOf(ORGANISATION_KINDS))
    city = fields.String(load_default="", validate=validate.Length(max=200))
    address = fields.String(load_default="", validate=validate.Length(max=500))
    contact_persons = fields.List(
        fields.Nested(ContactPersonSchema), load_default=list, validate=validate.Length(max=20)
    )
    #: Recognition as a provider of youth welfare (§ 75 SGB VIII); each change is kept in
    #: ``recognition_history`` with the day it took effect (``recognition_since``, default today).
    recognition = fields.String(load_default="none", validate=validate.OneOf(RECOGNITION_STATUSES))
    recognition_since = fields.Date(load_only=True)
    recognition_history = fields.List(fields.Nested(RecognitionChangeSchema), dump_only=True)
    #: What it offers (a closed list of codes).
    activities = fields.List(
        fields.String(validate=validate.OneOf(ACTIVITIES)),
        load_default=list,
        validate=validate.Length(max=len(ACTIVITIES)),
    )
    volunteers_count = WholeNumber(
        load_default=None, allow_none=True, validate=validate.Range(min=0, max=100000)
    )
    paid_staff_count = WholeNumber(
        load_default=None, allow_none=True, validate=validate.Range(min=0, max=100000)
    )
    premises = fields.String(load_default="", validate=validate.Length(max=1000))
    #: Languages its work is done in (ISO 639-1).
    languages = fields.List(
        fields.String(validate=validate.Regexp(r"^[a-zA-Z]{2,3}$", error="Not a language code.")),
        load_default=list,
        validate=validate.Length(max=20),
    )
    needs = fields.List(
        fields.Nested(NeedSchema), load_default=list, validate=validate.Length(max=50)
    )
    needs_notes = fields.String(load_default="", validate=validate.Length(max=20000))
    support_notes = fields.String(load_default="", validate=validate.Length(max=20000))
    tags = fields.List(
        text(100),
        load_default=list,
        validate=validate.Length(max=30),
    )
    #: When it was archived; null: in the directory.
    archived_at = fields.AwareDateTime(dump_only=True, allow_none=True)


class OrganisationQueryArgsSchema(StrictSchema):
    name = text(200)
    kind = fields.String(validate=validate.OneOf(ORGANISATION_KINDS))
    city = text(200)
    tag = text(100)
    recognition = fields.String(validate=validate.OneOf(RECOGNITION_STATUSES))
    activity = fields.String(validate=validate.OneOf(ACTIVITIES))
    #: Include archived organisations (default: only those in the directory).
    archived = fields.Boolean(load_default=False)
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class OrganisationPatchSchema(OrganisationSchema):
    """Only the fields to change (used with ``partial=True``)."""
