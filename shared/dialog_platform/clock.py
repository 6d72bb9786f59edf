"""The time as the platform's code reads it: ``utc_now()``. Tests fix it with the ``clock``
fixture of the test plugin instead of sleeping or patching ``datetime``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime


def _system_time() -> datetime:
    return datetime.now(UTC)


_source: Callable[[], datetime] = _system_time


def utc_now() -> datetime:
    """Now, as an aware UTC datetime."""
    return _source()
