"""Case references like ``M-2027-014``: a counter per year, safe when two cases open at once."""

from __future__ import annotations

from sqlalchemy import insert, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..models import CaseCounter


def next_reference(session: Session, year: int) -> str:
    """The next number of ``year``. The conditional UPDATE locks the counter row on PostgreSQL
    (a concurrent opener waits for this transaction); SQLite serialises writers anyway."""
    for _attempt in range(2):
        number = session.execute(
            update(CaseCounter)
            .where(CaseCounter.year == year)
            .values(last=CaseCounter.last + 1)
            .returning(CaseCounter.last)
        ).scalar_one_or_none()
        if number is not None:
            return f"M-{year}-{number:03d}"
        try:
            with session.begin_nested():
                session.execute(insert(CaseCounter).values(year=year, last=1))
            return f"M-{year}-001"
        except IntegrityError:
            continue  # another transaction created the year's counter first: count on it
    raise RuntimeError("could not number the case")
