"""Changing columns the same way on PostgreSQL (ALTER in place) and on SQLite, which alters a
table only by building it anew. Rows refer to the tables rebuilt (deliveries to recipients,
attempts to deliveries), and foreign keys cannot be switched off inside the migration's
transaction: so the old rows are set aside, the table dropped and made again under its own
name, and the rows put back. SQLite's foreign key checks wait for the commit meanwhile
(``defer_foreign_keys``), and putting the rows back satisfies the rows referring to them.
``secure_delete`` overwrites the pages the old values were on."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from alembic import op


@dataclass(frozen=True)
class Change:
    """A column's type and nullability before and after; ``before`` None: the column is new."""

    name: str
    after: sa.types.TypeEngine
    before: sa.types.TypeEngine | None = None
    nullable: bool = True
    nullable_before: bool = True

    def reversed(self) -> Change:
        assert self.before is not None
        return Change(self.name, self.before, self.after, self.nullable_before, self.nullable)


def change_columns(
    table: str, changes: list[Change], indexes: dict[str, list[str]], dropped: list[str] = ()
) -> None:
    """Alter, add (``before`` None) and drop columns of ``table``; create ``indexes`` (name ->
    columns); indexes on a dropped column go with it."""
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _rebuild(bind, table, changes, indexes, dropped)
        return
    for index in sa.inspect(bind).get_indexes(table):
        if set(index["column_names"]) & set(dropped):
            op.drop_index(index["name"], table_name=table)
    for name in dropped:
        op.drop_column(table, name)
    for change in changes:
        if change.before is None:
            op.add_column(table, sa.Column(change.name, change.after, nullable=change.nullable))
            continue
        cast = change.after.compile(dialect=bind.dialect)
        op.alter_column(
            table,
            change.name,
            type_=change.after,
            existing_type=change.before,
            nullable=change.nullable,
            postgresql_using=f"{change.name}::{cast}",
        )
    for name, columns in indexes.items():
        op.create_index(name, table, columns)


def _rebuild(bind, name: str, changes: list[Change], indexes, dropped) -> None:
    op.execute("PRAGMA defer_foreign_keys = ON")
    op.execute("PRAGMA secure_delete = ON")
    old = sa.Table(name, sa.MetaData(), autoload_with=bind)
    changed = {change.name: change for change in changes}
    columns = [
        sa.Column(c.name, changed[c.name].after, nullable=changed[c.name].nullable)
        if c.name in changed
        else c._copy()
        for c in old.columns
        if c.name not in dropped
    ]
    columns += [
        sa.Column(c.name, c.after, nullable=c.nullable) for c in changes if c.name not in old.c
    ]
    kept = [c.name for c in old.columns if c.name not in dropped]
    tables = sa.MetaData()  # with the tables referred to, which the new references resolve in
    for referred in {fk.referred_table.name for fk in old.foreign_key_constraints}:
        sa.Table(referred, tables, autoload_with=bind)
    new = sa.Table(name, tables, *columns, *_constraints(old, dropped))
    for index_name, index_columns in indexes.items():
        sa.Index(index_name, *(new.c[column] for column in index_columns))
    aside = f"_aside_{name}"
    op.execute(f"CREATE TABLE {aside} AS SELECT * FROM {name}")
    op.execute(f"DROP TABLE {name}")
    new.create(bind)
    listed = ", ".join(kept)
    op.execute(f"INSERT INTO {name} ({listed}) SELECT {listed} FROM {aside}")
    op.execute(f"DROP TABLE {aside}")


def _constraints(old: sa.Table, dropped) -> list:
    """The old table's keys, unique constraints, references and indexes, by their names."""
    made: list = [
        sa.PrimaryKeyConstraint(*old.primary_key.columns.keys(), name=old.primary_key.name)
    ]
    for constraint in old.constraints:
        columns = [c.name for c in constraint.columns]
        if set(columns) & set(dropped):
            continue
        if isinstance(constraint, sa.UniqueConstraint):
            made.append(sa.UniqueConstraint(*columns, name=constraint.name))
        elif isinstance(constraint, sa.ForeignKeyConstraint):
            targets = [element.target_fullname for element in constraint.elements]
            made.append(sa.ForeignKeyConstraint(columns, targets, name=constraint.name))
    for index in old.indexes:
        columns = [c.name for c in index.columns]
        if not set(columns) & set(dropped):
            made.append(sa.Index(index.name, *columns, unique=index.unique))
    return made
