"""One row by its id, or the not-found error the API answers with 404."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

from ..domain.errors import NotFound

Row = TypeVar("Row")


def one_or_raise(
    session: Session, model: type[Row], key: Any, missing: NotFound, lock: bool = False
) -> Row:
    """The ``model`` row with the primary key ``key``, else raise ``missing``. With ``lock`` the
    row is read ``FOR UPDATE`` and held until commit (PostgreSQL), so changes of one row take
    turns and each sees the one before."""
    row = session.get(model, key, with_for_update=True if lock else None)
    if row is None:
        raise missing
    return row
