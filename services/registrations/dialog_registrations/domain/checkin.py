"""When staff may check people in: from shortly before the start until the end of the event's
day on the Berlin wall clock (pure rules, no I/O)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from dialog_platform.locale import BERLIN

from .errors import CheckInRefused


def check_in_window(
    starts_at: datetime, ends_at: datetime, before: timedelta
) -> tuple[datetime, datetime]:
    """From ``before`` ahead of the start until midnight (Berlin) after the day it ends."""
    last_day = ends_at.astimezone(BERLIN).date()
    closes = datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=BERLIN)
    return starts_at - before, closes


def check_in_allowed(
    starts_at: datetime, ends_at: datetime, before: timedelta, now: datetime
) -> None:
    """Raise ``CheckInRefused`` with a plain sentence outside the check-in window."""
    opens, closes = check_in_window(starts_at, ends_at, before)
    minutes = int(before.total_seconds() // 60)
    if now < opens:
        raise CheckInRefused(
            f"Check-in opens {minutes} minutes before the event starts; it is too early now."
        )
    if now >= closes:
        raise CheckInRefused("Check-in has closed: the day of the event is over.")
