"""Reminder times: the plan, quiet hours for SMS and the rule that nothing goes after the start.

Pure functions over aware datetimes; no I/O. Quiet hours are the setting
``NOTIFICATIONS_SMS_QUIET_HOURS`` ("21:00-08:00"), or an event's own (``sms_quiet_hours``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from dialog_platform.locale import BERLIN

QUIET_FROM = time(21, 0)
QUIET_UNTIL = time(8, 0)


@dataclass(frozen=True)
class QuietHours:
    """From ``start`` until ``end`` on the Berlin wall clock no SMS goes (across midnight when
    ``start`` is later than ``end``; never when they are equal)."""

    start: time = QUIET_FROM
    end: time = QUIET_UNTIL

    @classmethod
    def parse(cls, text: str) -> QuietHours:
        """``"21:00-08:00"``; ValueError with a sentence for anything else."""
        try:
            start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
        except ValueError:
            raise ValueError(f"quiet hours are written like 21:00-08:00, not {text!r}") from None
        return cls(start, end)

    @classmethod
    def of(cls, event_value: dict | None) -> QuietHours | None:
        """An event's own quiet hours as its snapshot tells them ({start, end}), or None."""
        if not event_value:
            return None
        return cls(time.fromisoformat(event_value["start"]), time.fromisoformat(event_value["end"]))

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


DEFAULT_QUIET_HOURS = QuietHours()


@dataclass(frozen=True)
class PlannedReminder:
    channel: str  # "email" or "sms"
    minutes_before: int

    @property
    def slot(self) -> str:
        return f"{self.channel}-{self.minutes_before}m"


def plan_from(reminder_plan: list[dict] | None) -> tuple[PlannedReminder, ...]:
    """The event's plan as the events service tells it (which sets its default plan when staff
    give none); None (not told yet) and an empty plan both mean no reminders."""
    return tuple(
        PlannedReminder(r["channel"], int(r["minutes_before"])) for r in reminder_plan or ()
    )


def in_quiet_hours(moment: datetime, quiet: QuietHours = DEFAULT_QUIET_HOURS) -> bool:
    local = moment.astimezone(BERLIN).time()
    if quiet.start == quiet.end:
        return False
    if quiet.start > quiet.end:  # across midnight
        return local >= quiet.start or local < quiet.end
    return quiet.start <= local < quiet.end


def end_of_quiet_hours(moment: datetime, quiet: QuietHours = DEFAULT_QUIET_HOURS) -> datetime:
    """The next end of the quiet hours (08:00 Europe/Berlin by default) at or after ``moment``
    (wall clock, so DST is respected)."""
    local = moment.astimezone(BERLIN)
    day = local.date() if local.time() < quiet.end else local.date() + timedelta(days=1)
    return datetime.combine(day, quiet.end, tzinfo=BERLIN).astimezone(UTC)


def send_time(
    channel: str, due: datetime, starts_at: datetime, quiet: QuietHours = DEFAULT_QUIET_HOURS
) -> datetime | None:
    """When a reminder due at ``due`` may go out, or None if it must be dropped.

    SMS never go in the quiet hours (21:00 to 08:00 Europe/Berlin unless set otherwise): such
    a reminder moves to their end, or is dropped if that is not before the start. Nothing is
    sent at or after the start.
    """
    due, starts_at = due.astimezone(UTC), starts_at.astimezone(UTC)  # compare instants
    if channel == "sms" and in_quiet_hours(due, quiet):
        due = end_of_quiet_hours(due, quiet)
    return due if due < starts_at else None


def reminder_time(
    reminder: PlannedReminder, starts_at: datetime, quiet: QuietHours = DEFAULT_QUIET_HOURS
) -> datetime | None:
    """The send time of one planned reminder of an event starting at ``starts_at``.

    ``minutes_before`` counts elapsed time, so "3 hours before" is 3 real hours also across a
    daylight-saving change; whole days are counted on the Berlin wall clock ("1 day before"
    an 18:00 event is 18:00 the day before, even when the clocks changed that night).
    """
    if reminder.minutes_before % (24 * 60) == 0:
        local = starts_at.astimezone(BERLIN)
        days = reminder.minutes_before // (24 * 60)
        naive = local.replace(tzinfo=None) - timedelta(days=days)
        due = naive.replace(tzinfo=BERLIN)
    else:
        due = starts_at.astimezone(UTC) - timedelta(minutes=reminder.minutes_before)
    return send_time(reminder.channel, due, starts_at, quiet)
