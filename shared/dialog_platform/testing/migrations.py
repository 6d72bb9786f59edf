"""The setup of a test that a migration carries rows already stored: the database at the revision
before, filled as that revision held data, then migrated to the head."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

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


def insert_rows(
    connection: sa.Connection,
    table: str,
    *rows: Mapping[str, Any],
    types: Mapping[str, sa.types.TypeEngine] | None = None,
) -> None:
    """Inserts ``rows`` into ``table`` by column name, as a revision before held them (no model
    describes that revision). ``types`` gives the columns whose values need their type to be bound
    (UUIDs, dates, times, JSON); it may name more columns than the rows have. The rows share
    their keys."""
    names = list(rows[0])
    types = types or {}
    clause = sa.table(table, *(sa.column(name, types.get(name)) for name in names))
    connection.execute(clause.insert(), [dict(row) for row in rows])
