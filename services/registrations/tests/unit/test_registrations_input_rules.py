"""The sign-up schema's rules, the per-address limit and the CSV cells (no I/O)."""

import pytest
from marshmallow import ValidationError

from dialog_registrations.api.schemas import SignUpSchema
from dialog_registrations.queries import registrations_csv
from dialog_registrations.ratelimit import RateLimiter

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


def test_rate_limiter_counts_per_address_and_window():
    limiter = RateLimiter(2, window_seconds=60)
    assert [limiter.allow("a", now=t) for t in (0, 1, 2)] == [True, True, False]
    assert limiter.allow("b", now=3)
    assert limiter.allow("a", now=61)


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
    excel = registrations_csv([row], "excel")
    assert excel.startswith(b"\xef\xbb\xbf") and b";" in excel
    assert "Ömer;o@example.org;;'+1 trick" in excel.decode("utf-8-sig")
    assert registrations_csv([row], "comma").decode().splitlines()[1].startswith("Ömer,")
