"""Request and response schemas of the mediation API."""

from marshmallow import (
    ValidationError,
    fields,
    post_dump,
    validate,
    validates_schema,
)

from dialog_platform.locale import LANGUAGES
from dialog_platform.web.schemas import PhoneNumber, ReadOnlySchema, StrictSchema, text

from ..domain.access import Action
from ..domain.categories import (
    CATEGORIES,
    ENTRY_KINDS,
    PARTY_KINDS,
    PRIORITIES,
    REQUESTER_CHANNELS,
)
from ..domain.redaction import REDACTED
from ..domain.sessions import SessionStatus
from ..domain.workflow import CaseStatus, Outcome
from .guard import may


class MediatorSchema(StrictSchema):
    subject = text(200, required=True)
    name = text(200, required=True)


class CaseSummarySchema(StrictSchema):
    """What every role that may see a case sees: no description, requester, parties or notes;
    the title only for those who may read the details."""

    id = fields.UUID(dump_only=True)
    reference = fields.String(dump_only=True)
    #: null for those who may not read the case's details.
    title = text(200, required=True, allow_none=True)
    category = fields.String(required=True, validate=validate.OneOf(CATEGORIES))
    priority = fields.String(load_default="normal", validate=validate.OneOf(PRIORITIES))
    status = fields.Enum(CaseStatus, by_value=True, dump_only=True)
    outcome = fields.Enum(Outcome, by_value=True, dump_only=True, allow_none=True)
    opened_on = fields.Date(load_default=None)
    resolved_on = fields.Date(dump_only=True, allow_none=True)
    closed_on = fields.Date(dump_only=True, allow_none=True)
    mediators = fields.List(fields.Nested(MediatorSchema), dump_only=True)
    version = fields.Integer(dump_only=True)

    @post_dump(pass_original=True)
    def _hide_title(self, data, case, **_kwargs):
        """A title can name the parties: shown only to those who may read the details."""
        if not may(Action.READ_DETAILS, case):
            data["title"] = None
        return data


class CaseSchema(CaseSummarySchema):
    """A case with its confidential details (admins and assigned mediators)."""

    title = text(200, required=True)
    description = fields.String(load_default="", validate=validate.Length(max=20000))
    requester_name = text(200, required=True)
    requester_channel = fields.String(required=True, validate=validate.OneOf(REQUESTER_CHANNELS))


class CaseEditSchema(StrictSchema):
    title = text(200)
    category = fields.String(validate=validate.OneOf(CATEGORIES))
    priority = fields.String(validate=validate.OneOf(PRIORITIES))
    description = fields.String(validate=validate.Length(max=20000))


class CaseQueryArgsSchema(StrictSchema):
    status = fields.String(validate=validate.OneOf([s.value for s in CaseStatus]))


class MediatorsSchema(StrictSchema):
    mediators = fields.List(fields.Nested(MediatorSchema), required=True)


class TransitionSchema(StrictSchema):
    status = fields.Enum(CaseStatus, by_value=True, required=True)
    outcome = fields.Enum(Outcome, by_value=True, load_default=None)
    reason = fields.String(load_default=None, validate=validate.Length(max=2000))


class PartySchema(StrictSchema):
    id = fields.UUID(dump_only=True)
    kind = fields.String(required=True, validate=validate.OneOf(PARTY_KINDS))
    organisation_id = fields.UUID(load_default=None)
    name = text(200, load_default=None)
    role = text(200, required=True)
    email = fields.Email(load_default=None)
    phone = PhoneNumber(load_default=None)
    language = fields.String(load_default="de", validate=validate.OneOf(LANGUAGES))


class EntrySchema(StrictSchema):
    id = fields.UUID(dump_only=True)
    kind = fields.String(required=True, validate=validate.OneOf(ENTRY_KINDS))
    body = text(20000, required=True)
    corrects_id = fields.UUID(load_default=None)
    author_name = fields.String(dump_only=True)
    created_at = fields.AwareDateTime(dump_only=True)
    #: When the text was redacted (an erasure, the end of retention); ``body`` then says so.
    redacted_at = fields.AwareDateTime(dump_only=True, allow_none=True)

    @post_dump(pass_original=True)
    def _say_redacted(self, data, entry, **_kwargs):
        if entry.redacted_at is not None:
            data["body"] = REDACTED
        return data


class SessionSchema(StrictSchema):
    """A session of the case: ``ends_at`` must be after ``starts_at`` (else 422), and every
    one of ``party_ids`` a party of this case."""

    id = fields.UUID(dump_only=True)
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True, metadata={"description": "After starts_at."})
    place = text(500, required=True)
    party_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(min=1))
    status = fields.Enum(SessionStatus, by_value=True, dump_only=True)
    version = fields.Integer(dump_only=True)

    @validates_schema
    def _end_after_start(self, data, **_kwargs):
        if "starts_at" in data and "ends_at" in data and data["ends_at"] <= data["starts_at"]:
            raise ValidationError("The end must be after the start.", field_name="ends_at")


class AuditEntrySchema(ReadOnlySchema):
    id = fields.Integer()
    at = fields.AwareDateTime()
    actor_subject = fields.String()
    actor_name = fields.String()
    action = fields.String()
    case_id = fields.UUID(allow_none=True)
    target_id = fields.String(allow_none=True)
    detail = fields.String()


class AuditQueryArgsSchema(StrictSchema):
    case_id = fields.UUID(load_default=None)


class OrganisationSchema(ReadOnlySchema):
    id = fields.UUID()
    name = fields.String()
    kind = fields.String()
    city = fields.String()


class FiguresQueryArgsSchema(StrictSchema):
    year = fields.Integer(load_default=None, validate=validate.Range(min=2000, max=2100))
