"""Reminder times: the event's plan, quiet hours for SMS, daylight-saving changes, the start."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dialog_notifications.domain.reminders import (
    PlannedReminder,
    QuietHours,
    in_quiet_hours,
    plan_from,
    reminder_time,
)
from dialog_platform.locale import BERLIN


def berlin(*parts) -> datetime:
    return datetime(*parts, tzinfo=BERLIN)


def test_the_plan_is_the_events_own_and_none_means_no_reminders():
    plan = plan_from(
        [
            {"channel": "email", "minutes_before": 10080},
            {"channel": "email", "minutes_before": 1440},
            {"channel": "sms", "minutes_before": 180},
        ]
    )
    assert [r.slot for r in plan] == ["email-10080m", "email-1440m", "sms-180m"]
    assert plan_from([{"channel": "sms", "minutes_before": 60}]) == (PlannedReminder("sms", 60),)
    assert plan_from([]) == () and plan_from(None) == ()


def test_whole_days_keep_the_wall_clock_across_summer_time():
    starts = berlin(2027, 3, 28, 18, 0)  # the clocks go forward that night
    day_before = reminder_time(PlannedReminder("email", 1440), starts)
    assert day_before.astimezone(BERLIN).replace(tzinfo=None) == datetime(2027, 3, 27, 18, 0)
    assert (starts.astimezone(UTC) - day_before).total_seconds() == 23 * 3600


def test_whole_days_keep_the_wall_clock_across_winter_time():
    starts = berlin(2027, 10, 31, 18, 0)  # the clocks go back that night
    day_before = reminder_time(PlannedReminder("email", 1440), starts)
    assert day_before.astimezone(BERLIN).replace(tzinfo=None) == datetime(2027, 10, 30, 18, 0)
    assert (starts.astimezone(UTC) - day_before).total_seconds() == 25 * 3600


def test_hours_count_real_time_across_a_change():
    starts = berlin(2027, 3, 28, 4, 30)  # 3 h before is 00:30 CET, not 01:30
    assert reminder_time(PlannedReminder("email", 180), starts) == datetime(
        2027, 3, 27, 23, 30, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("hour", "minute", "quiet"),
    [(20, 59, False), (21, 0, True), (23, 59, True), (0, 0, True), (7, 59, True), (8, 0, False)],
)
def test_quiet_hours_are_21_to_8_in_berlin(hour, minute, quiet):
    assert in_quiet_hours(berlin(2027, 7, 1, hour, minute)) is quiet
    assert in_quiet_hours(berlin(2027, 1, 15, hour, minute)) is quiet


def test_sms_in_quiet_hours_moves_to_eight():
    due = reminder_time(PlannedReminder("sms", 180), berlin(2027, 5, 4, 9, 30))
    assert due == berlin(2027, 5, 4, 8, 0)


def test_sms_late_in_the_evening_moves_to_next_morning():
    due = reminder_time(
        PlannedReminder("sms", 720), berlin(2027, 5, 5, 10, 0)
    )  # 22:00 the day before
    assert due == berlin(2027, 5, 5, 8, 0)


def test_sms_that_would_move_past_the_start_is_dropped():
    assert reminder_time(PlannedReminder("sms", 180), berlin(2027, 5, 4, 8, 0)) is None
    assert reminder_time(PlannedReminder("sms", 180), berlin(2027, 5, 4, 7, 0)) is None


def test_sms_moves_to_eight_on_the_day_summer_time_starts():
    due = reminder_time(PlannedReminder("sms", 180), berlin(2027, 3, 28, 10, 0))
    assert due == datetime(2027, 3, 28, 6, 0, tzinfo=UTC)  # 08:00 CEST


def test_email_is_not_subject_to_quiet_hours():
    due = reminder_time(PlannedReminder("email", 180), berlin(2027, 5, 4, 9, 30))
    assert due == berlin(2027, 5, 4, 6, 30)


def test_quiet_hours_are_read_from_the_setting_and_from_an_event():
    assert str(QuietHours.parse("21:00-08:00")) == "21:00-08:00" == str(QuietHours())
    assert QuietHours.of({"start": "23:00", "end": "06:30"}) == QuietHours.parse("23:00-06:30")
    assert QuietHours.of(None) is None
    for wrong in ("21-8", "21:00", "25:00-08:00", ""):
        with pytest.raises(ValueError, match="written like 21:00-08:00"):
            QuietHours.parse(wrong)


def test_an_events_own_quiet_hours_let_an_evening_sms_go():
    sms = PlannedReminder("sms", 60)
    starts = berlin(2027, 3, 20, 22, 30)
    assert reminder_time(sms, starts) is None  # 21:30 is quiet by default; 08:00 is too late
    late = QuietHours.parse("23:00-07:00")
    assert reminder_time(sms, starts, late) == berlin(2027, 3, 20, 21, 30)
    daytime = QuietHours.parse("12:00-14:00")  # not across midnight
    assert in_quiet_hours(berlin(2027, 3, 20, 13, 0), daytime)
    assert not in_quiet_hours(berlin(2027, 3, 20, 22, 0), daytime)
    assert not in_quiet_hours(berlin(2027, 3, 20, 3, 0), QuietHours.parse("00:00-00:00"))
