"""The event lifecycle allows exactly draft -> published -> cancelled | completed."""

import itertools

import pytest

from dialog_events.domain.errors import TransitionRefused
from dialog_events.domain.lifecycle import EventStatus, check_transition

ALLOWED = {
    (EventStatus.DRAFT, EventStatus.PUBLISHED),
    (EventStatus.DRAFT, EventStatus.CANCELLED),
    (EventStatus.PUBLISHED, EventStatus.CANCELLED),
    (EventStatus.PUBLISHED, EventStatus.COMPLETED),
}


@pytest.mark.parametrize("current,target", sorted(ALLOWED))
def test_allowed_transitions_pass(current, target):
    check_transition(current, target)


@pytest.mark.parametrize(
    "current,target",
    [pair for pair in itertools.product(EventStatus, EventStatus) if pair not in ALLOWED],
)
def test_every_other_transition_is_refused_with_a_sentence(current, target):
    with pytest.raises(TransitionRefused, match=f"{current.value} cannot become {target.value}"):
        check_transition(current, target)
