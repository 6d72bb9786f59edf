"""Seat arithmetic, the sign-up window and registration state transitions (no I/O)."""

from datetime import UTC, datetime, timedelta

import pytest

from dialog_registrations.domain.errors import SignUpRefused, TransitionRefused
from dialog_registrations.domain.seats import Window, check_open, placement, promotions
from dialog_registrations.domain.states import SEATED, RegistrationStatus, check_transition

NOW = datetime(2027, 3, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("capacity", "seated", "confirm", "expected"),
    [
        (20, 19, False, "confirmed"),
        (20, 19, True, "pending"),
        (20, 20, False, "waitlisted"),
        (20, 25, True, "waitlisted"),  # capacity lowered below the seated: nobody new sits
        (None, 10_000, False, "confirmed"),
        (0, 0, False, "waitlisted"),
    ],
)
def test_placement(capacity, seated, confirm, expected):
    assert placement(capacity, seated, confirm) == expected


@pytest.mark.parametrize(
    ("capacity", "seated", "waiting", "expected"),
    [(20, 15, 3, 3), (20, 15, 10, 5), (20, 20, 4, 0), (20, 22, 4, 0), (None, 5, 7, 7)],
)
def test_promotions(capacity, seated, waiting, expected):
    assert promotions(capacity, seated, waiting) == expected


def _window(status="published", opens=None, closes=None, starts_in=timedelta(days=3)):
    return Window(status, NOW + starts_in, opens, closes)


@pytest.mark.parametrize(
    ("window", "reason"),
    [
        (_window(status="draft"), "not_published"),
        (_window(status="cancelled"), "cancelled"),
        (_window(status="completed"), "completed"),
        (_window(opens=NOW + timedelta(hours=1)), "not_yet_open"),
        (_window(closes=NOW), "closed"),
        (_window(starts_in=-timedelta(minutes=1)), "past"),
    ],
)
def test_window_refusals(window, reason):
    with pytest.raises(SignUpRefused) as refused:
        check_open(window, NOW)
    assert refused.value.reason == reason and str(refused.value).endswith(".")


def test_window_open():
    check_open(_window(opens=NOW - timedelta(days=1), closes=NOW + timedelta(hours=1)), NOW)


def test_transitions():
    check_transition("pending", "confirmed")
    check_transition("waitlisted", "confirmed")
    check_transition("confirmed", "attended")
    for current, target in [
        ("cancelled", "confirmed"),
        ("waitlisted", "no_show"),
        ("expired", "cancelled"),
        ("attended", "cancelled"),
    ]:
        with pytest.raises(TransitionRefused, match="This registration is"):
            check_transition(current, target)
    assert RegistrationStatus.WAITLISTED not in SEATED and RegistrationStatus.PENDING in SEATED
