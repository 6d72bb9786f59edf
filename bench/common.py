"""What the benchmarks share: scratch databases, a free port, the spread of a figure."""

from __future__ import annotations

import socket
import statistics
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from sqlalchemy.engine import make_url

from dialog_platform.testing.resources import libpq_url


@contextmanager
def scratch_databases(admin_url: str, *roles: str) -> Iterator[list[str]]:
    """One fresh database per role (``bench_<role>_<random>``), dropped afterwards."""
    admin = libpq_url(admin_url)
    names = [f"bench_{role}_{uuid.uuid4().hex[:10]}" for role in roles]
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(admin_url)
        yield [url.set(database=n).render_as_string(hide_password=False) for n in names]
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def spread(values: list[float]) -> str:
    """Minimum - maximum, and half their distance relative to the median."""
    median = statistics.median(values)
    low, high = min(values), max(values)
    return f"{low:>9,.0f} - {high:>9,.0f}  (±{(high - low) / 2 / median:.0%})"
