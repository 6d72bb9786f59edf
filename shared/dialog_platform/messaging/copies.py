"""Local copies of another service's data, kept from its messages (DESIGN.md, "Ordering":
never rely on queue order; a message older than what the copy holds changes nothing)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from ..db import conflict_insert

Copy = TypeVar("Copy")


def newer_copy(
    session: Session,
    model: type[Copy],
    key: Any,
    version: int,
    *,
    lock: bool = False,
    same_version: bool = False,
    held: dict[Any, Copy] | None = None,
    **new: Any,
) -> Copy | None:
    """The row of ``model`` to update with a message at ``version``: the existing copy or a new
    one (made with ``new`` and added to the session), already stamped with ``version``; None
    when the copy holds a newer version, or this one (unless ``same_version``: a fuller message
    about the same version may fill in what a shorter one left out).

    ``lock`` reads the existing row ``FOR UPDATE`` and fresh from the database: for a copy that
    is also the lock of what depends on it (registrations' event copy and its seats).

    ``held``: the copies read beforehand, by key, for a batch of messages (a key missing from
    it has none): the copy is taken from there, not read, and a new one is added to it."""
    primary_key = inspect(model).primary_key[0]
    if held is None:
        query = select(model).where(primary_key == key)
        if lock:
            query = query.with_for_update().execution_options(populate_existing=True)
        copy = session.scalars(query).one_or_none()
    else:
        copy = held.get(key)
    if copy is not None and (
        copy.version > version or (copy.version == version and not same_version)
    ):
        return None
    if copy is None:
        copy = model(**{primary_key.key: key}, **new)
        session.add(copy)
        if held is not None:
            held[key] = copy
    copy.version = version
    return copy


def read_copies(session: Session, model: type[Copy], keys: Iterable[Any]) -> dict[Any, Copy]:
    """The copies of ``model`` with these keys, read in one statement, by key: what
    ``newer_copy`` takes as ``held`` for a batch of messages."""
    primary_key = inspect(model).primary_key[0]
    query = select(model).where(primary_key.in_(set(keys)))
    return {getattr(copy, primary_key.key): copy for copy in session.scalars(query)}


def write_newer_copies(session: Session, model: type, rows: Iterable[dict[str, Any]]) -> None:
    """Write what many messages tell of ``model``'s copies in one statement, to the effect of
    ``newer_copy`` for each message in turn: of the rows about one copy the newest version
    counts (the first of equal ones), and only over a copy holding an older version. Each row
    names the same columns, among them the primary key and ``version``; a copy is written
    whole from the row that counts, so the row must hold every column a message sets.

    One ``INSERT ... ON CONFLICT DO UPDATE ... WHERE`` (PostgreSQL and SQLite): no read first,
    and a copy written meanwhile by another consumer is compared, not overwritten."""
    key = inspect(model).primary_key[0].key
    newest: dict[Any, dict[str, Any]] = {}
    for row in rows:
        held = newest.get(row[key])
        if held is None or row["version"] > held["version"]:
            newest[row[key]] = row
    if not newest:
        return
    table = inspect(model).local_table
    statement = conflict_insert(session.get_bind().dialect.name, table).values(
        list(newest.values())
    )
    columns = next(iter(newest.values())).keys() - {key}
    statement = statement.on_conflict_do_update(
        index_elements=[key],
        set_={name: statement.excluded[name] for name in columns},
        where=table.c.version < statement.excluded.version,
    )
    session.execute(statement)
