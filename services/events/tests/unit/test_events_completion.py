"""Only a published event that has ended can be marked completed."""

from datetime import UTC, datetime, timedelta

import pytest

from dialog_events.domain.errors import TransitionRefused
from dialog_events.domain.lifecycle import EventStatus, check_completion

NOW = datetime(2027, 3, 4, 20, 0, tzinfo=UTC)


def test_an_ended_published_event_may_complete():
    check_completion(EventStatus.PUBLISHED, NOW - timedelta(minutes=1), NOW)


def test_a_running_event_may_not_complete_yet():
    with pytest.raises(TransitionRefused, match="only after it has ended"):
        check_completion(EventStatus.PUBLISHED, NOW + timedelta(minutes=1), NOW)


@pytest.mark.parametrize(
    "status", [EventStatus.DRAFT, EventStatus.CANCELLED, EventStatus.COMPLETED]
)
def test_other_states_may_not_complete(status):
    with pytest.raises(TransitionRefused, match=f"{status.value} cannot become completed"):
        check_completion(status, NOW - timedelta(days=1), NOW)
