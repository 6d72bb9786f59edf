"""Request and response schemas of the registrations API (the web form uses the same rules)."""

from __future__ import annotations

from marshmallow import (
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validate,
    validates,
    validates_schema,
)

from dialog_platform.locale import LANGUAGES
from dialog_platform.messaging.contracts.registrations import REGISTRATION_STATUSES
from dialog_platform.personal import InvalidPhone, normalise_phone

from ..domain.consent import ConsentPurpose


class PublicEventSchema(Schema):
    id = fields.UUID(dump_only=True)
    type = fields.String(dump_only=True)
    title = fields.String(dump_only=True)
    starts_at = fields.AwareDateTime(dump_only=True)
    ends_at = fields.AwareDateTime(dump_only=True)
    capacity = fields.Integer(dump_only=True, allow_none=True)
    registration_opens_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    registration_closes_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    requires_email_confirmation = fields.Boolean(dump_only=True)
    venue = fields.Dict(dump_only=True, allow_none=True)
    online_url = fields.String(dump_only=True, allow_none=True)
    languages = fields.List(fields.String(), dump_only=True)


def e164(raw: str) -> str:
    """The number in E.164, or a ``ValidationError`` of the phone field saying why not."""
    try:
        return normalise_phone(raw)
    except InvalidPhone as exc:
        raise ValidationError({"phone": [str(exc)]}) from None


class TypedInputSchema(Schema):
    """The base of a request people type: text is stripped, a blank field named in
    ``blank_is_missing`` counts as not given (None), and a phone number is answered in E.164."""

    blank_is_missing: tuple[str, ...] = ()

    @pre_load
    def strip(self, data, **_kwargs):
        if not hasattr(data, "items"):
            return data
        cleaned = {k: v.strip() if isinstance(v, str) else v for k, v in data.items()}
        return {
            k: None if v == "" and k in self.blank_is_missing else v for k, v in cleaned.items()
        }

    @post_load
    def normalise(self, data, **_kwargs):
        if data.get("phone"):
            data["phone"] = e164(data["phone"])
        return data


class SignUpSchema(TypedInputSchema):
    """A sign-up, from the JSON API or the web form. ``consent`` must be true."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(required=True, validate=validate.Length(max=254))
    phone = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=40),
        metadata={"description": "As people write it; 422 if it is not a valid number."},
    )
    organisation = fields.String(load_default="", validate=validate.Length(max=200))
    language = fields.String(load_default="de", validate=validate.OneOf(LANGUAGES))
    needs = fields.String(load_default="", validate=validate.Length(max=1000))
    consent = fields.Boolean(
        required=True,
        validate=validate.Equal(
            True, error="We can only register you if you agree to the processing."
        ),
    )
    sms_consent = fields.Boolean(load_default=False)

    blank_is_missing = ("phone",)

    @validates("phone")
    def phone_valid(self, value: str | None, **_kwargs) -> None:
        """Checked with the other fields, so that every error is answered at once."""
        if value:
            try:
                normalise_phone(value)
            except InvalidPhone as exc:
                raise ValidationError(str(exc)) from None

    @validates_schema(skip_on_field_errors=False)
    def sms_needs_phone(self, data, **_kwargs) -> None:
        if data.get("sms_consent") and not data.get("phone"):
            raise ValidationError("SMS reminders need a phone number.", "sms_consent")


class RegistrationResultSchema(Schema):
    """What a sign-up answers: the registration's state and what happens next."""

    registration_id = fields.UUID(dump_only=True)
    event_id = fields.UUID(dump_only=True)
    status = fields.String(dump_only=True)
    waitlist_position = fields.Integer(dump_only=True, allow_none=True)
    created = fields.Boolean(dump_only=True)
    #: For an existing registration still to confirm: whether the confirmation mail goes again
    #: (false once it was asked for too often); null otherwise.
    confirmation_resent = fields.Boolean(dump_only=True, allow_none=True)
    message = fields.String(dump_only=True)


class LinkActionSchema(Schema):
    """A confirm or cancel token, as it appears in the participant's link."""

    token = fields.String(
        required=True,
        validate=validate.Length(min=1, max=500),
        metadata={"description": "From the participant's link; one the service did not sign: 400."},
    )


class LinkResultSchema(Schema):
    registration_id = fields.UUID(dump_only=True)
    status = fields.String(dump_only=True)
    already_done = fields.Boolean(dump_only=True)
    message = fields.String(dump_only=True)


class RegistrationSchema(Schema):
    """A registration as staff see it."""

    id = fields.UUID(dump_only=True)
    event_id = fields.UUID(dump_only=True)
    status = fields.String(dump_only=True)
    waitlist_position = fields.Integer(dump_only=True, allow_none=True)
    #: name to needs: null once the person's data is erased
    name = fields.String(dump_only=True, allow_none=True)
    email = fields.String(dump_only=True, allow_none=True)
    phone = fields.String(dump_only=True, allow_none=True)
    organisation = fields.String(dump_only=True, allow_none=True)
    language = fields.String(dump_only=True)
    needs = fields.String(dump_only=True, allow_none=True)
    sms_consent = fields.Boolean(dump_only=True)
    consent_text_version = fields.String(dump_only=True)
    consent_given_at = fields.AwareDateTime(dump_only=True)
    source = fields.String(dump_only=True)
    created_at = fields.AwareDateTime(dump_only=True)
    hold_until = fields.AwareDateTime(dump_only=True, allow_none=True)
    cancelled_by = fields.String(dump_only=True, allow_none=True)
    cancel_reason = fields.String(dump_only=True)
    checked_in_at = fields.AwareDateTime(dump_only=True, allow_none=True)


class RegistrationQueryArgsSchema(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(REGISTRATION_STATUSES))


class ExportQueryArgsSchema(Schema):
    #: excel: CSV in UTF-8 with BOM, semicolons (German Excel); comma: plain comma-separated
    #: UTF-8; xlsx: a workbook with text cells.
    variant = fields.String(
        load_default="excel", validate=validate.OneOf(["excel", "comma", "xlsx"])
    )
    #: Language of the headers and words (else the staff's Accept-Language, else German).
    lang = fields.String(load_default=None, validate=validate.OneOf(LANGUAGES))


class StaffCancelSchema(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=1000))


class CheckInSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(["attended", "no_show"]))


class CountsSchema(Schema):
    counts = fields.Dict(keys=fields.String(), values=fields.Integer(), dump_only=True)
    capacity = fields.Integer(dump_only=True, allow_none=True)
    seated = fields.Integer(dump_only=True)


class ConsentSchema(Schema):
    """One consent given with a registration: the purpose, the exact text shown, when and where
    it was given, and when and how it ended."""

    purpose = fields.String(dump_only=True)
    text = fields.String(attribute="wording.text", dump_only=True)
    text_version = fields.String(dump_only=True)
    language = fields.String(dump_only=True)
    given_at = fields.AwareDateTime(dump_only=True)
    source = fields.String(dump_only=True)
    withdrawn_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    withdrawn_by = fields.String(dump_only=True, allow_none=True)


class ConsentWithdrawalSchema(Schema):
    purpose = fields.String(
        required=True, validate=validate.OneOf([purpose.value for purpose in ConsentPurpose])
    )


class PersonSchema(TypedInputSchema):
    """Whom a privacy request is about: their email address, phone number (any format), or
    both. Neither is kept: the request names the person by keyed hashes."""

    email = fields.Email(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=254),
        metadata={"description": "The email address, the phone number or both (neither: 422)."},
    )
    phone = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=40),
        metadata={"description": "As people write it; 422 if it is not a valid number."},
    )

    blank_is_missing = ("email", "phone")

    @validates_schema
    def someone(self, data, **_kwargs) -> None:
        if not data.get("email") and not data.get("phone"):
            raise ValidationError("Please give the person's email address, phone number or both.")


class ErasureAnswerSchema(Schema):
    service = fields.String(dump_only=True)
    confirmed = fields.Boolean(dump_only=True)
    confirmed_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    #: What the service erased: how many records of each kind.
    erased = fields.Dict(keys=fields.String(), values=fields.Integer(), dump_only=True)


class ErasureSchema(Schema):
    """An erasure request: which services have confirmed, and whether all have."""

    id = fields.UUID(dump_only=True)
    requested_at = fields.AwareDateTime(dump_only=True)
    requested_by = fields.String(dump_only=True)
    complete = fields.Boolean(dump_only=True)
    completed_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    services = fields.List(fields.Nested(ErasureAnswerSchema), dump_only=True)
    waiting_for = fields.List(fields.String(), dump_only=True)


class ExportAnswerSchema(Schema):
    service = fields.String(dump_only=True)
    answered = fields.Boolean(dump_only=True)
    answered_at = fields.AwareDateTime(dump_only=True, allow_none=True)


class ExportSchema(Schema):
    """An export request; ``document`` holds every service's records of the person, by
    service, once all have answered."""

    id = fields.UUID(dump_only=True)
    requested_at = fields.AwareDateTime(dump_only=True)
    requested_by = fields.String(dump_only=True)
    complete = fields.Boolean(dump_only=True)
    completed_at = fields.AwareDateTime(dump_only=True, allow_none=True)
    services = fields.List(fields.Nested(ExportAnswerSchema), dump_only=True)
    waiting_for = fields.List(fields.String(), dump_only=True)
    document = fields.Dict(
        keys=fields.String(), values=fields.Raw(), dump_only=True, allow_none=True
    )
