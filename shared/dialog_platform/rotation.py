"""Rotating the data key without downtime (``dialog-<service> rotate-keys``): every encrypted
column is written again with the current (first) key, and every lookup hash is computed again,
row by row in small transactions, while the service keeps running (it reads with every key of
``DIALOG_DATA_KEYS``). See ``crypto`` for the whole procedure."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import DeclarativeBase, Mapper
from sqlalchemy.orm.attributes import flag_modified

from . import personal  # noqa: F401 - its flush listener recomputes the lookup hashes
from .crypto import Encrypted, EncryptedJSON
from .db import Database

BATCH = 200


def _encrypted_attributes(mapper: Mapper) -> list[str]:
    return [
        column.key
        for column in mapper.columns
        if isinstance(column.type, Encrypted | EncryptedJSON)
    ]


def _rows(database: Database, mapper: Mapper) -> Iterator[list]:
    """The model's rows in primary-key order, a batch at a time, each batch its own transaction."""
    key = mapper.primary_key[0]
    last = None
    while True:
        with database.transaction() as session:
            query = select(mapper.class_).order_by(key).limit(BATCH)
            if last is not None:
                query = query.where(key > last)
            rows = list(session.scalars(query))
            if not rows:
                return
            yield rows
            last = getattr(rows[-1], key.key)


def rotate_keys(database: Database, base: type[DeclarativeBase]) -> dict[str, int]:
    """Rewrite every encrypted value and lookup hash of ``base``'s models; rows per table."""
    done: dict[str, int] = {}
    for mapper in base.registry.mappers:
        encrypted = _encrypted_attributes(mapper)
        if not encrypted and not hasattr(mapper.class_, "__lookup_hashes__"):
            continue
        count = 0
        for rows in _rows(database, mapper):
            for row in rows:
                for name in encrypted:
                    flag_modified(row, name)  # written again, so encrypted with the current key
            count += len(rows)
        done[mapper.persist_selectable.name] = count
    return done
