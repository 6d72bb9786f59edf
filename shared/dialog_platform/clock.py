"""The time as the platform's code reads it: ``utc_now()``, and ``today()`` in Berlin. Tests fix it with the ``clock``
fixture of the test plugin, benchmarks with ``fixed``, instead of patching ``datetime``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

from .locale import BERLIN


def _system_time() -> datetime:
    return datetime.now(UTC)


_source: Callable[[], datetime] = _system_time


def utc_now() -> datetime:
    """Now, as an aware UTC datetime."""
    return _source()


def today() -> date:
    """Today in Berlin, where the programme works (UTC's date lags behind until 1 or 2 a.m.)."""
    return utc_now().astimezone(BERLIN).date()


@contextmanager
def fixed(source: Callable[[], datetime]) -> Iterator[None]:
    """While the block runs, ``utc_now()`` returns what ``source`` says."""
    global _source
    previous, _source = _source, source
    try:
        yield
    finally:
        _source = previous
