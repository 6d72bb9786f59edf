"""The rules of privacy requests without I/O: whom a request names (any phone format, at least
one of address and number), when an open request covers a new one, and what retention says."""

import pytest
from marshmallow import ValidationError

from dialog_platform.privacy import PersonKeys
from dialog_registrations.api.schemas import PersonSchema
from dialog_registrations.models import ErasureRequest
from dialog_registrations.operations.retention import Retained
from dialog_registrations.queries_privacy import covers


@pytest.mark.parametrize("phone", ["0170 1234567", "+49 (170) 123-4567", "0049170/1234567"])
def test_a_person_is_named_by_address_or_number_in_any_format(phone):
    loaded = PersonSchema().load({"email": " ", "phone": phone})
    assert loaded == {"email": None, "phone": "+491701234567"}


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "_schema"), ({"email": "", "phone": None}, "_schema"), ({"phone": "12"}, "phone")],
)
def test_a_request_without_a_person_or_with_a_bad_number_is_refused(body, field):
    with pytest.raises(ValidationError) as refused:
        PersonSchema().load(body)
    assert field in refused.value.messages


def test_an_open_request_covers_a_new_one_naming_no_more_than_it():
    both = PersonKeys.of(email="a@example.org", phone="0170 1234567")
    request = ErasureRequest(
        email_hashes=sorted(both.email_hashes), phone_hashes=sorted(both.phone_hashes)
    )
    assert covers(request, PersonKeys.of(email="A@Example.org"))
    assert covers(request, PersonKeys.of(phone="+491701234567"))
    assert covers(request, both)
    assert not covers(request, PersonKeys.of(email="b@example.org"))
    only_email = ErasureRequest(email_hashes=sorted(both.email_hashes), phone_hashes=[])
    assert not covers(only_email, both)  # the number may find rows the address does not


def test_retention_says_what_it_did_in_counts():
    done = Retained(
        events=1, registrations=2, invitations=0, exports=0, outbox=0, dead_letters=None
    )
    sentence = done.sentence(30, dry_run=True)
    assert sentence.startswith("of 1 event(s) that ended more than 30 days ago, 2 registration(s)")
    assert "would be pseudonymised" in sentence and "unknown (broker unreachable)" in sentence
