"""What a service's storage holds, read as someone with its data keys could: for tests that
prove data is encrypted at rest, or gone after an erasure."""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess

from sqlalchemy import inspect, text

from ..crypto import DataKeyError, keyring
from ..db import Database
from .resources import libpq_url

#: A Fernet token: encrypted columns and sealed message parts.
TOKEN = re.compile(r"gAAAAA[A-Za-z0-9_=-]{20,}")


def opened(value: str) -> str:
    """``value`` followed by the clear text of every Fernet token in it, opened recursively
    (a sealed part inside an encrypted body); tokens that are not ours stay as they are."""
    parts = [value]
    for token in TOKEN.findall(value):
        with contextlib.suppress(DataKeyError):
            parts.append(opened(keyring().decrypt(token)))
    return "\n".join(parts)


def stored_texts(db: Database) -> list[str]:
    """Every value of every column of every table, cast to text, each with its tokens opened."""
    found = []
    with db.engine.connect() as connection:
        schema = inspect(connection)
        for table in schema.get_table_names():
            columns = ", ".join(
                f'CAST("{column["name"]}" AS TEXT)' for column in schema.get_columns(table)
            )
            for row in connection.execute(text(f'SELECT {columns} FROM "{table}"')):
                found.extend(opened(value) for value in filter(None, row))
    return found


def database_dump(url: str) -> str:
    """What ``pg_dump`` writes of the PostgreSQL database at ``url``."""
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "these tests read the database as pg_dump writes it: install pg_dump"
    done = subprocess.run(
        [pg_dump, "--no-owner", libpq_url(url)], capture_output=True, text=True, check=True
    )
    return done.stdout
