"""Writing a change only if the row still holds what the use case read: a conditional UPDATE,
so of two concurrent changes of one case or session the second finds no row and is refused."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from ..domain.errors import Conflict


def update_if_unchanged(
    session: Session, row: Any, changes: dict[str, Any], read: tuple[str, ...], what: str
) -> None:
    """Write ``changes`` to ``row`` if its columns ``read`` still hold the values it was read
    with (else ``Conflict``, naming ``what``), then reload it with what was written."""
    model = type(row)
    unchanged = [getattr(model, name) == getattr(row, name) for name in ("id", *read)]
    done = session.execute(
        update(model)
        .where(*unchanged)
        .values(**changes)
        .execution_options(synchronize_session=False)
    ).rowcount
    if done != 1:
        raise Conflict(f"The {what} was changed at the same time. Please reload and try again.")
    session.refresh(row)
