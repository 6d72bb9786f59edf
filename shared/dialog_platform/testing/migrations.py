"""The setup of a test that a migration carries rows already stored: the database at the revision
before, filled as that revision held data, then migrated to the head."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..db import Database
from ..migrations import upgrade


@contextmanager
def upgraded_over(
    package: str, url: str, revision: str, write_old_rows: Callable[[str], None]
) -> Iterator[Database]:
    """Migrates ``url`` to ``revision``, lets ``write_old_rows(url)`` fill it, migrates it to the
    head and opens it for the ``with`` block (disposed of afterwards)."""
    upgrade(package, url, revision)
    write_old_rows(url)
    upgrade(package, url)
    db = Database(url)
    try:
        yield db
    finally:
        db.dispose()
