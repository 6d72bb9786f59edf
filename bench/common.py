"""What the benchmarks share: scratch databases, a free port, the spread of a figure, the
environment a registrations service runs in under measurement."""

from __future__ import annotations

import secrets
import socket
import statistics
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from sqlalchemy.engine import make_url

from dialog_platform.crypto import new_key
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


def registrations_environment() -> dict[str, str]:
    """The variables a registrations service is measured under: production settings, contact
    fields encrypted with a fresh key as in production, and no sign-up rate limit."""
    return {
        "DIALOG_ENV": "production",
        "LOG_LEVEL": "WARNING",
        "AMQP_URL": "amqp://guest:guest@127.0.0.1:5672//",
        "JWT_SECRET": secrets.token_hex(32),
        "DIALOG_DATA_KEYS": new_key(),
        "REGISTRATIONS_SIGNUP_LIMIT": str(10**9),
        "REGISTRATIONS_PUBLIC_URL": "https://anmeldung.example.org",
    }
