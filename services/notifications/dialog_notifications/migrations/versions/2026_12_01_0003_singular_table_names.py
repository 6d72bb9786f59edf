"""singular table names: recipient, event_copy, delivery, delivery_attempt

The tables keep their rows; their keys, constraints and indexes take the names the naming
convention gives them (dialog_platform.db.NAMING_CONVENTION). PostgreSQL renames each in
place; SQLite cannot rename a constraint, so each table is copied (batch mode).
"""

from collections.abc import Iterable
from typing import NamedTuple

import sqlalchemy as sa
from alembic import op

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0003", "0002"

#: Table before -> table after, in this order: referred tables before those referring to them.
TABLES = {
    "events": "event_copy",
    "recipients": "recipient",
    "deliveries": "delivery",
    "delivery_attempts": "delivery_attempt",
}


class Name(NamedTuple):
    """A key, constraint, index or sequence of a table: its name before and after, its columns,
    and (for a foreign key) the table it refers to, as that was named before."""

    kind: str  # pk, uq, fk, ix or seq
    before: str
    after: str
    columns: tuple[str, ...] = ()
    refers_to: str = ""


NAMES = {
    "events": [Name("pk", "pk_events", "pk_event_copy", ("id",))],
    "recipients": [
        Name("pk", "pk_recipients", "pk_recipient", ("id",)),
        Name("uq", "uq_recipients_stop_token", "uq_recipient_stop_token", ("stop_token",)),
        Name("ix", "ix_recipients_event_id", "ix_recipient_event_id", ("event_id",)),
    ],
    "deliveries": [
        Name("pk", "pk_deliveries", "pk_delivery", ("id",)),
        Name("uq", "uq_deliveries_dedup_key", "uq_delivery_dedup_key", ("dedup_key",)),
        Name(
            "fk",
            "fk_deliveries_recipient_id_recipients",
            "fk_delivery_recipient_id_recipient",
            ("recipient_id",),
            "recipients",
        ),
        Name("ix", "ix_deliveries_due", "ix_delivery_status_due_at", ("status", "due_at")),
        Name("ix", "ix_deliveries_event_id", "ix_delivery_event_id", ("event_id",)),
        Name("ix", "ix_deliveries_recipient_id", "ix_delivery_recipient_id", ("recipient_id",)),
    ],
    "delivery_attempts": [
        Name("pk", "pk_delivery_attempts", "pk_delivery_attempt", ("id",)),
        Name(
            "fk",
            "fk_delivery_attempts_delivery_id_deliveries",
            "fk_delivery_attempt_delivery_id_delivery",
            ("delivery_id",),
            "deliveries",
        ),
        Name(
            "ix",
            "ix_delivery_attempts_delivery_id",
            "ix_delivery_attempt_delivery_id",
            ("delivery_id",),
        ),
        Name("seq", "delivery_attempts_id_seq", "delivery_attempt_id_seq"),
    ],
}


def upgrade() -> None:
    _rename(
        (table, to, [n._replace(refers_to=TABLES.get(n.refers_to, "")) for n in NAMES[table]])
        for table, to in TABLES.items()
    )


def downgrade() -> None:
    _rename(
        (to, table, [n._replace(before=n.after, after=n.before) for n in NAMES[table]])
        for table, to in TABLES.items()
    )


def _rename(steps: Iterable[tuple[str, str, list[Name]]]) -> None:
    """Each step: a table, its new name, and its names (``refers_to``: as named afterwards)."""
    if op.get_bind().dialect.name == "sqlite":
        _copy_under_new_names(list(steps))
        return
    for table, to, names in steps:
        op.rename_table(table, to)
        for name in names:
            if name.kind == "ix":
                op.execute(f"ALTER INDEX {name.before} RENAME TO {name.after}")
            elif name.kind == "seq":
                op.execute(f"ALTER SEQUENCE {name.before} RENAME TO {name.after}")
            else:
                op.execute(f"ALTER TABLE {to} RENAME CONSTRAINT {name.before} TO {name.after}")


def _copy_under_new_names(steps: list[tuple[str, str, list[Name]]]) -> None:
    """SQLite: each table is created under its new name with newly named keys and indexes and
    gets the old one's rows; the old tables go afterwards, referring ones first (a referred
    table cannot be dropped while rows refer to it, and foreign keys cannot be switched off
    inside the migration's transaction)."""
    bind, before, after = op.get_bind(), sa.MetaData(), sa.MetaData()
    for table, to, names in steps:
        old = sa.Table(table, before, autoload_with=bind)
        new = sa.Table(to, after, *(c._copy() for c in old.columns), *map(_made, names))
        new.create(bind)
        op.execute(new.insert().from_select(list(old.columns.keys()), sa.select(old)))
    for table, _to, _names in reversed(steps):
        op.drop_table(table)


def _made(name: Name) -> sa.schema.SchemaItem | None:
    if name.kind == "pk":
        return sa.PrimaryKeyConstraint(*name.columns, name=name.after)
    if name.kind == "uq":
        return sa.UniqueConstraint(*name.columns, name=name.after)
    if name.kind == "fk":
        return sa.ForeignKeyConstraint(name.columns, [f"{name.refers_to}.id"], name=name.after)
    if name.kind == "ix":
        return sa.Index(name.after, *name.columns)
    return None  # SQLite has no sequences
