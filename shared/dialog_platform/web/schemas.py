"""Schema pieces every service's API uses the same way: ``StrictSchema``, the base of a request
schema, ``ReadOnlySchema``, the base of one that is only ever answered, ``PhoneNumber``, the one
way a phone number is read, ``WholeNumber``, a count, and ``text``, a string of bounded length."""

from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from ..personal import InvalidPhone, normalise_phone

#: What the document says of a phone number (JSON Schema cannot tell a real one).
PHONE_RULE = "A phone number as people write it; 422 if it is not a valid number."


class StrictSchema(Schema):
    """Refuses fields it does not declare (a typo is a 422 naming it, never ignored)."""

    class Meta:
        unknown = RAISE


class ReadOnlySchema(Schema):
    """Only ever answered, never read from a request: every field it declares is read-only
    (``dump_only``, ``readOnly`` in the document), said once here instead of on each field."""

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        field_obj.dump_only = True


class PhoneNumber(fields.String):
    """A phone number as people write it ("0203 12345"), kept in E.164 ("+4920312345"): what
    SMS needs, and the form its lookup hash is made of, so an erasure finds it however it was
    typed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {"description": PHONE_RULE})
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        try:
            return normalise_phone(super()._deserialize(value, attr, data, **kwargs))
        except InvalidPhone as exc:
            raise ValidationError(str(exc)) from None


class WholeNumber(fields.Integer):
    """A count (seats, people): ``1.5`` is refused with a sentence, never cut to ``1``; ``"25"``
    and ``2.0`` are read as the whole numbers they are."""

    default_error_messages = {"fraction": "Please give a whole number."}

    def _validated(self, value):
        if isinstance(value, float) and not value.is_integer():
            raise self.make_error("fraction")
        return super()._validated(value)


def text(max_length: int, **kwargs) -> fields.String:
    """A string of 1 to ``max_length`` characters."""
    return fields.String(validate=validate.Length(min=1, max=max_length), **kwargs)
