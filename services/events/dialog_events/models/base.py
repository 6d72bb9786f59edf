"""The declarative base of the events service, on the platform's naming convention."""

import enum

from sqlalchemy import Enum
from sqlalchemy.orm import DeclarativeBase

from dialog_platform.db import make_metadata


class Base(DeclarativeBase):
    metadata = make_metadata()


def enum_column_type(enum_class: type[enum.Enum], length: int = 20) -> Enum:
    """A portable enum column: stored as its value in a VARCHAR with a CHECK constraint."""
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda e: [m.value for m in e],
    )


def values_of(rows: str, value: str) -> property:
    """A read-only property: the ``value`` of each row in the relationship ``rows``, in its
    order (an event's language codes from its language rows)."""

    def values(self) -> list[str]:
        return [getattr(row, value) for row in getattr(self, rows)]

    return property(values)
