"""The schema of a subscription request (the public page posts it)."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates

from dialog_platform.locale import LANGUAGES

from .schemas import TypedInputSchema


class SubscribeSchema(TypedInputSchema):
    """Someone's name, address and language; ``consent`` must be true."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(required=True, validate=validate.Length(max=254))
    language = fields.String(load_default="de", validate=validate.OneOf(LANGUAGES))
    consent = fields.Boolean(required=True)

    @validates("consent")
    def consent_given(self, value: bool, **_kwargs) -> None:
        if not value:
            raise ValidationError("We can only write to you if you agree.")
