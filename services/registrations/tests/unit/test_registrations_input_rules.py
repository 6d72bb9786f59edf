"""The sign-up schema's rules, the per-address limit and the CSV cells (no I/O)."""

import pytest
from marshmallow import ValidationError

from dialog_registrations.api.schemas import SignUpSchema
from dialog_registrations.export import registrations_file

VALID = {"name": " Elif ", "email": "elif@example.org", "consent": True}


@pytest.mark.parametrize(
    ("raw", "e164"),
    [
        ("0170 1234567", "+491701234567"),
        ("+90 532 123 45 67", "+905321234567"),
        ("0221/12345678", "+4922112345678"),
    ],
)
def test_phone_is_normalised_to_e164(raw, e164):
    loaded = SignUpSchema().load(VALID | {"phone": raw, "sms_consent": True})
    assert loaded["phone"] == e164 and loaded["name"] == "Elif"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"phone": "0170"}, "phone"),
        ({"sms_consent": True, "phone": ""}, "sms_consent"),
        ({"consent": False}, "consent"),
        ({"email": "a@"}, "email"),
        ({"organisation": "o" * 201}, "organisation"),
    ],
)
def test_refused_input_names_the_field(change, field):
    with pytest.raises(ValidationError) as refused:
        SignUpSchema().load(VALID | change)
    assert field in refused.value.messages


def test_empty_optional_fields_are_absent():
    loaded = SignUpSchema().load(VALID | {"phone": "", "organisation": "", "needs": ""})
    assert (loaded["phone"], loaded["organisation"], loaded["needs"]) == (None, "", "")


def test_csv_variants():
    row = {
        "name": "Ömer",
        "email": "o@example.org",
        "phone": None,
        "organisation": "+1 trick",
        "language": "tr",
        "status": "confirmed",
        "waitlist_position": None,
        "needs": "",
        "sms_consent": False,
        "created_at": None,
        "checked_in_at": None,
    }
    excel = registrations_file([row], "excel", "de")
    assert excel.startswith(b"\xef\xbb\xbf") and b";" in excel
    assert "Ömer;o@example.org;;'+1 trick" in excel.decode("utf-8-sig")
    assert registrations_file([row], "comma", "de").decode().splitlines()[1].startswith("Ömer,")


@pytest.mark.parametrize("invisible", ["\u200f", "\u200b\u200e", "\ufeff ", " \u2067\u2069 "])
def test_a_name_of_invisible_marks_only_is_no_name(invisible):
    with pytest.raises(ValidationError) as refused:
        SignUpSchema().load(VALID | {"name": invisible})
    assert "name" in refused.value.messages


def test_invisible_marks_at_the_ends_go_and_those_inside_stay():
    loaded = SignUpSchema().load(VALID | {"name": "\u200fمحمد علي\u200e ", "email": "\ufeffa@b.de"})
    assert loaded["name"] == "محمد علي" and loaded["email"] == "a@b.de"
    zwnj = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # Persian: the ZWNJ belongs
    assert SignUpSchema().load(VALID | {"name": zwnj})["name"] == zwnj
