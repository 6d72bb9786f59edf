"""The time as the platform's code reads it: ``utc_now()``. Tests fix it with the ``clock``
fixture of the test plugin, benchmarks with ``fixed``, instead of patching ``datetime``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime


def _system_time() -> datetime:
    return datetime.now(UTC)


_source: Callable[[], datetime] = _system_time


def utc_now() -> datetime:
    """Now, as an aware UTC datetime."""
    return _source()


@contextmanager
def fixed(source: Callable[[], datetime]) -> Iterator[None]:
    """While the block runs, ``utc_now()`` returns what ``source`` says."""
    global _source
    previous, _source = _source, source
    try:
        yield
    finally:
        _source = previous
