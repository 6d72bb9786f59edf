"""The shared schema pieces: an answer-only schema's fields are read-only, a phone number is
kept in E.164 and a wrong one is refused in a sentence, undeclared fields are refused."""

import pytest
from marshmallow import ValidationError, fields

from dialog_platform.web.schemas import PhoneNumber, ReadOnlySchema, StrictSchema, text


class Answer(ReadOnlySchema):
    id = fields.Integer()
    name = fields.String(allow_none=True)


class Request(StrictSchema):
    name = text(20, required=True)
    phone = PhoneNumber(load_default=None)


def test_every_field_of_an_answer_only_schema_is_read_only():
    schema = Answer()
    assert all(field.dump_only for field in schema.fields.values())
    assert schema.dump({"id": 1, "name": None}) == {"id": 1, "name": None}


def test_a_phone_number_is_kept_in_e164():
    assert Request().load({"name": "Ada", "phone": "0203 12345"})["phone"] == "+4920312345"


def test_a_wrong_phone_number_an_empty_text_and_an_unknown_field_are_refused():
    with pytest.raises(ValidationError) as refused:
        Request().load({"name": "", "phone": "12", "nickname": "x"})
    assert set(refused.value.messages) == {"name", "phone", "nickname"}
