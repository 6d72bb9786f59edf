"""What the service's migrations share: SQLite alters a table by building it anew, and cannot
drop the old one while rows refer to it (nor switch foreign keys off inside the migration's
transaction), so the references to registrations are set aside while it is rebuilt."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

#: table -> its column that refers to a registration.
REFERRING = {"invitation": "registration_id"}


@contextmanager
def registrations_rebuildable() -> Iterator[None]:
    """Around a batch alteration of ``registration``: on SQLite every reference to a
    registration is emptied before and put back after; elsewhere nothing happens."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        yield
        return
    kept = {}
    inspector = sa.inspect(bind)
    for name, column in REFERRING.items():
        if name not in inspector.get_table_names():
            continue
        table = sa.table(name, sa.column("id", sa.Uuid()), sa.column(column, sa.Uuid()))
        kept[name] = (
            table,
            bind.execute(sa.select(table).where(table.c[column].is_not(None))).all(),
        )
        bind.execute(sa.update(table).values({column: None}))
    yield
    for name, (table, rows) in kept.items():
        for row in rows:
            column = REFERRING[name]
            bind.execute(sa.update(table).where(table.c.id == row.id).values({column: row[1]}))
