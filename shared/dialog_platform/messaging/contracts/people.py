"""The shape every message uses for a person it lets notifications write to."""

from marshmallow import Schema, fields, validate

from ...locale import DEFAULT_LANGUAGE, LANGUAGES


class Person(Schema):
    """A name, the channels to reach them (``phone`` is E.164 or null) and the language to
    write to them in."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(load_default=None, allow_none=True)
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=20))
    language = fields.String(load_default=DEFAULT_LANGUAGE, validate=validate.OneOf(LANGUAGES))
