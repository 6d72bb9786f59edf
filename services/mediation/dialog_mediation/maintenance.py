"""The two changes the append-only notes admit, each in a maintenance mode of its own
transaction that the database's trigger asks for (migration 0003):

- ``reencrypt``: a note's body written again with the current data key, nothing else changed.
  The database cannot read the body, so the service checks the text stays the same: the
  shared ``rotate-keys`` rewrites rows through the ORM, and before such a flush
  ``_recognise_reencryption`` compares each changed note's stored text with the one to be
  written; only if every changed note keeps its text, and only encrypted columns change, does
  it open the mode, for that flush alone.
- ``redact``: a note's body removed (NULL) with ``redacted_at`` and ``redacted_by`` stamped,
  once (``operations/redaction.py``, which also writes the audit entry).

Anything else, including an ordinary UPDATE or any DELETE, is refused by the trigger. How a
transaction says its mode: on PostgreSQL a transaction-local setting (``set_config(...,
true)``), which no other transaction sees and which ends with it; SQLite has no such settings,
so a row in ``maintenance_mode`` that the same transaction adds and removes (writers take turns
there, and the row is never committed).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, inspect, select, text
from sqlalchemy.orm import Session

from dialog_platform.crypto import Encrypted

MODES = ("reencrypt", "redact")


def _set(session: Session, mode: str) -> None:
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT set_config('dialog.maintenance', :mode, true)"), {"mode": mode}
        )
    elif mode:
        connection.execute(
            text("INSERT INTO maintenance_mode (mode) VALUES (:mode)"), {"mode": mode}
        )
    else:
        connection.execute(text("DELETE FROM maintenance_mode"))


@contextmanager
def maintenance(session: Session, mode: str) -> Iterator[None]:
    """While the block runs, this transaction may change notes the way ``mode`` allows."""
    if mode not in MODES:
        raise ValueError(f"no maintenance mode {mode!r}")
    _set(session, mode)
    yield
    # Not in a ``finally``: should the block fail, its transaction (or savepoint) is rolled
    # back, and the mode with it, on both databases.
    _set(session, "")


def _is_reencryption(session: Session, row: Any) -> bool:
    """Whether only encrypted columns of ``row`` change, each to the text it already holds."""
    table = type(row).__table__
    changed = {a.key for a in inspect(row).attrs if a.history.has_changes()}
    encrypted = {c.key for c in table.columns if isinstance(c.type, Encrypted)}
    if not changed or not changed <= encrypted:
        return False
    query = select(*(table.c[key] for key in sorted(changed))).where(table.c.id == row.id)
    stored = session.connection().execute(query).one_or_none()
    return stored is not None and tuple(stored) == tuple(
        getattr(row, key) for key in sorted(changed)
    )


@event.listens_for(Session, "before_flush")
def _recognise_reencryption(session: Session, _context, _instances) -> None:
    """Open the ``reencrypt`` mode for this flush when every append-only row it changes is
    a re-encryption (``__append_only__`` on the model)."""
    rows = [
        row
        for row in session.dirty
        if getattr(row, "__append_only__", False) and session.is_modified(row)
    ]
    if rows and all(_is_reencryption(session, row) for row in rows):
        _set(session, "reencrypt")
        session.info["dialog_reencrypting"] = True


@event.listens_for(Session, "after_flush")
def _end_reencryption(session: Session, _context) -> None:
    if session.info.pop("dialog_reencrypting", False):
        _set(session, "")
