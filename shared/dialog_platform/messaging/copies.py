"""Local copies of another service's data, kept from its messages (DESIGN.md, "Ordering":
never rely on queue order; a message older than what the copy holds changes nothing)."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

Copy = TypeVar("Copy")


def newer_copy(
    session: Session,
    model: type[Copy],
    key: Any,
    version: int,
    *,
    lock: bool = False,
    same_version: bool = False,
    **new: Any,
) -> Copy | None:
    """The row of ``model`` to update with a message at ``version``: the existing copy or a new
    one (made with ``new`` and added to the session), already stamped with ``version``; None
    when the copy holds a newer version, or this one (unless ``same_version``: a fuller message
    about the same version may fill in what a shorter one left out).

    ``lock`` reads the existing row ``FOR UPDATE`` and fresh from the database: for a copy that
    is also the lock of what depends on it (registrations' event copy and its seats)."""
    primary_key = inspect(model).primary_key[0]
    query = select(model).where(primary_key == key)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    copy = session.scalars(query).one_or_none()
    if copy is not None and (
        copy.version > version or (copy.version == version and not same_version)
    ):
        return None
    if copy is None:
        copy = model(**{primary_key.key: key}, **new)
        session.add(copy)
    copy.version = version
    return copy
