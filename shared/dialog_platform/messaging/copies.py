"""Local copies of another service's data, kept from its messages (DESIGN.md, "Ordering":
never rely on queue order; a message older than what the copy holds changes nothing)."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import inspect
from sqlalchemy.orm import Session

Copy = TypeVar("Copy")


def newer_copy(session: Session, model: type[Copy], key: Any, version: int) -> Copy | None:
    """The row of ``model`` to update with a message at ``version``: the existing copy or a new
    one (added to the session), already stamped with ``version``; None when the copy holds this
    version or a newer one."""
    copy = session.get(model, key)
    if copy is not None and copy.version >= version:
        return None
    if copy is None:
        copy = model(**{inspect(model).primary_key[0].key: key})
        session.add(copy)
    copy.version = version
    return copy
