"""Request and response schemas of the registrations API (the web form uses the same rules)."""

from __future__ import annotations

import unicodedata

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
from dialog_platform.web.schemas import ReadOnlySchema

from ..domain.consent import ConsentPurpose


class PublicEventSchema(ReadOnlySchema):
    id = fields.UUID()
    type = fields.String()
    title = fields.String()
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()
    capacity = fields.Integer(allow_none=True)
    registration_opens_at = fields.AwareDateTime(allow_none=True)
    registration_closes_at = fields.AwareDateTime(allow_none=True)
    requires_email_confirmation = fields.Boolean()
    venue = fields.Dict(allow_none=True)
    online_url = fields.String(allow_none=True)
    languages = fields.List(fields.String())


def personal_detail() -> fields.String:
    """A detail that says who a registration's or an invitation's person is: null once their
    data is erased (an erasure request, the end of retention)."""
    return fields.String(allow_none=True)


def e164(raw: str) -> str:
    """The number in E.164, or a ``ValidationError`` of the phone field saying why not."""
    try:
        return normalise_phone(raw)
    except InvalidPhone as exc:
        raise ValidationError({"phone": [str(exc)]}) from None


def trimmed(text: str) -> str:
    """``text`` without spaces and invisible format characters (Unicode category Cf: direction
    marks, zero-width spaces, BOM) at either end; inside a name they stay (a ZWNJ belongs)."""
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or unicodedata.category(text[start]) == "Cf"):
        start += 1
    while end > start and (text[end - 1].isspace() or unicodedata.category(text[end - 1]) == "Cf"):
        end -= 1
    return text[start:end]


class TypedInputSchema(Schema):
    """The base of a request people type: text is stripped (of spaces and of the invisible
    marks a copy from a chat or an RTL text brings along, such as U+200F), a blank field named
    in ``blank_is_missing`` counts as not given (None), and a phone number is answered in
    E.164."""

    blank_is_missing: tuple[str, ...] = ()

    @pre_load
    def strip(self, data, **_kwargs):
        if not hasattr(data, "items"):
            return data
        cleaned = {k: trimmed(v) if isinstance(v, str) else v for k, v in data.items()}
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


class RegistrationResultSchema(ReadOnlySchema):
    """What a sign-up answers: the registration's state and what happens next."""

    registration_id = fields.UUID()
    event_id = fields.UUID()
    status = fields.String()
    waitlist_position = fields.Integer(allow_none=True)
    created = fields.Boolean()
    #: For an existing registration still to confirm: whether the confirmation mail goes again
    #: (false once it was asked for too often); null otherwise.
    confirmation_resent = fields.Boolean(allow_none=True)
    message = fields.String()


class LinkActionSchema(Schema):
    """A confirm or cancel token, as it appears in the participant's link."""

    token = fields.String(
        required=True,
        validate=validate.Length(min=1, max=500),
        metadata={"description": "From the participant's link; one the service did not sign: 400."},
    )


class LinkResultSchema(ReadOnlySchema):
    registration_id = fields.UUID()
    status = fields.String()
    already_done = fields.Boolean()
    message = fields.String()


class RegistrationSchema(ReadOnlySchema):
    """A registration as staff see it."""

    id = fields.UUID()
    event_id = fields.UUID()
    status = fields.String()
    waitlist_position = fields.Integer(allow_none=True)
    name = personal_detail()
    email = personal_detail()
    phone = personal_detail()
    organisation = personal_detail()
    language = fields.String()
    needs = personal_detail()
    sms_consent = fields.Boolean()
    consent_text_version = fields.String()
    consent_given_at = fields.AwareDateTime()
    source = fields.String()
    created_at = fields.AwareDateTime()
    hold_until = fields.AwareDateTime(allow_none=True)
    cancelled_by = fields.String(allow_none=True)
    cancel_reason = fields.String()
    checked_in_at = fields.AwareDateTime(allow_none=True)


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


class CountsSchema(ReadOnlySchema):
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    capacity = fields.Integer(allow_none=True)
    seated = fields.Integer()


class ConsentSchema(ReadOnlySchema):
    """One consent given with a registration: the purpose, the exact text shown, when and where
    it was given, and when and how it ended."""

    purpose = fields.String()
    text = fields.String(attribute="wording.text")
    text_version = fields.String()
    language = fields.String()
    given_at = fields.AwareDateTime()
    source = fields.String()
    withdrawn_at = fields.AwareDateTime(allow_none=True)
    withdrawn_by = fields.String(allow_none=True)


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


class ErasureAnswerSchema(ReadOnlySchema):
    service = fields.String()
    confirmed = fields.Boolean()
    confirmed_at = fields.AwareDateTime(allow_none=True)
    #: What the service erased: how many records of each kind.
    erased = fields.Dict(keys=fields.String(), values=fields.Integer())


class PrivacyRequestSchema(ReadOnlySchema):
    """What an erasure and an export request answer alike: who asked when, and whether every
    service has answered."""

    id = fields.UUID()
    requested_at = fields.AwareDateTime()
    requested_by = fields.String()
    complete = fields.Boolean()
    completed_at = fields.AwareDateTime(allow_none=True)


class ErasureSchema(PrivacyRequestSchema):
    """An erasure request: which services have confirmed, and whether all have."""

    services = fields.List(fields.Nested(ErasureAnswerSchema))
    waiting_for = fields.List(fields.String())


class ExportAnswerSchema(ReadOnlySchema):
    service = fields.String()
    answered = fields.Boolean()
    answered_at = fields.AwareDateTime(allow_none=True)


class ExportSchema(PrivacyRequestSchema):
    """An export request; ``document`` holds every service's records of the person, by
    service, once all have answered."""

    services = fields.List(fields.Nested(ExportAnswerSchema))
    waiting_for = fields.List(fields.String())
    document = fields.Dict(keys=fields.String(), values=fields.Raw(), allow_none=True)
