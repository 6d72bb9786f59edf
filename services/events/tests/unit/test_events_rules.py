"""Cross-field rules of an event name the field at fault; changes are found and classified."""

from datetime import UTC, datetime, timedelta

import pytest

from dialog_events.domain.errors import InvalidEvent
from dialog_events.domain.rules import changes, check_event, is_material

START = datetime(2027, 3, 4, 17, 0, tzinfo=UTC)


def values(**overrides):
    return {"starts_at": START, "ends_at": START + timedelta(hours=2), "capacity": 20} | overrides


def refused_fields(**overrides) -> dict:
    with pytest.raises(InvalidEvent) as refused:
        check_event(values(**overrides), seats_taken=overrides.pop("_taken", 0))
    return refused.value.errors


def test_a_sound_event_passes():
    check_event(values(registration_opens_at=START - timedelta(days=9)), seats_taken=20)


@pytest.mark.parametrize("ends_at", [START, START - timedelta(minutes=1)])
def test_end_not_after_start_names_ends_at(ends_at):
    assert refused_fields(ends_at=ends_at) == {"ends_at": ["The end must be after the start."]}


def test_window_closing_after_the_start_names_registration_closes_at():
    errors = refused_fields(registration_closes_at=START + timedelta(minutes=1))
    assert list(errors) == ["registration_closes_at"]


def test_window_opening_after_it_closes_names_registration_opens_at():
    errors = refused_fields(
        registration_opens_at=START - timedelta(days=1),
        registration_closes_at=START - timedelta(days=2),
    )
    assert list(errors) == ["registration_opens_at"]


def test_capacity_below_the_seats_taken_says_how_many():
    with pytest.raises(InvalidEvent) as refused:
        check_event(values(capacity=4), seats_taken=5)
    assert refused.value.errors == {
        "capacity": ["The capacity cannot be lower than the 5 seats already taken."]
    }
    assert "capacity" in str(refused.value)


def test_unlimited_capacity_is_never_too_low():
    check_event(values(capacity=None), seats_taken=500)


def test_changes_lists_changed_fields_and_their_old_values():
    old = {"title": "A", "starts_at": START, "venue": None}
    new = {"title": "A", "starts_at": START + timedelta(hours=1), "venue": {"name": "Saal"}}
    changed, previous = changes(old, new)
    assert changed == ["starts_at", "venue"]
    assert previous == {"starts_at": START, "venue": None}


@pytest.mark.parametrize(
    "changed,material",
    [
        (["title"], False),
        (["capacity", "description"], False),
        (["starts_at"], True),
        (["ends_at"], True),
        (["venue", "title"], True),
        (["online_url"], True),
    ],
)
def test_time_and_place_changes_are_material(changed, material):
    assert is_material(changed) is material
