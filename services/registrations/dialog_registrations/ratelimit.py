"""A per-address limit on sign-ups: a fixed one-hour window, counted in the service's database,
so that every web process sees the same count (``signup_rate``).

The client address is the socket's, or, behind trusted proxies
(``REGISTRATIONS_TRUSTED_PROXIES``: how many proxies, or which networks), the address they saw,
read from ``X-Forwarded-For`` from the right, as werkzeug's ProxyFix does; an address the
client wrote itself is never believed. Addresses are counted as keyed hashes only.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import ipaddress
import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from flask import current_app, request
from psycopg.pq import TransactionStatus
from sqlalchemy import Connection, bindparam, case, delete
from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now
from dialog_platform.db import UtcDateTime, conflict_insert, request_session

from .domain.errors import TooManySignUps
from .models import SignUpRate

WINDOW = timedelta(hours=1)
Trusted = int | tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]


def client_address(remote: str | None, forwarded_for: str | None, trusted: Trusted) -> str:
    """The client's address: ``remote`` (the socket's) unless it is a trusted proxy, then the
    address the proxies recorded (``trusted``: a count of proxies, or their networks)."""
    remote = remote or "unknown"
    hops = [part.strip() for part in (forwarded_for or "").split(",") if part.strip()]
    if isinstance(trusted, int):
        if trusted == 0 or len(hops) < trusted:
            return remote
        return hops[-trusted]
    address = remote
    for hop in reversed(hops):
        if not _within(address, trusted):
            break
        address = hop
    return address


def _within(address: str, networks) -> bool:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in networks)


def count_attempt(session: Session, key: str, now: datetime) -> tuple[int, datetime]:
    """Count one attempt for ``key`` in one atomic statement committed at once (the count
    stays whatever the sign-up then does; its row lock is held only for this statement): its
    count and window start. It comes first in the request's session (``_committed_alone``)."""
    connection = session.connection()
    statement = _count_statement(connection.dialect.name)
    window = {"now": now, "stale_before": now - WINDOW}
    with _committed_alone(session, connection):
        count, started = connection.execute(statement, {"key": key} | window).one()
        if key.startswith("0"):  # about one attempt in sixteen forgets the ended windows
            connection.execute(_FORGET_ENDED, window)
    return count, started


@contextmanager
def _committed_alone(session: Session, connection: Connection) -> Iterator[None]:
    """The statements of the block committed on their own, before the session's work.

    On PostgreSQL, while the session's transaction has sent nothing yet, they run in autocommit
    on the very connection that transaction then goes on with (as SQLAlchemy's pre-ping does):
    no commit of the session and no second checkout from the pool. Otherwise (SQLite, whose
    transaction began with ``BEGIN IMMEDIATE``, or a session that has already read) the session
    is committed after them."""
    dbapi_connection = connection.connection.dbapi_connection
    if connection.dialect.name != "postgresql" or (
        dbapi_connection.info.transaction_status != TransactionStatus.IDLE
    ):
        yield
        session.commit()
        return
    autocommit = dbapi_connection.autocommit
    dbapi_connection.autocommit = True
    try:
        yield
    finally:
        if not dbapi_connection.closed:
            dbapi_connection.autocommit = autocommit


_rates = SignUpRate.__table__
#: Whether a counted window has ended (``stale_before``: an hour before now).
_stale = _rates.c.window_started_at <= bindparam("stale_before", type_=UtcDateTime())
_FORGET_ENDED = delete(_rates).where(_stale)


@functools.cache
def _count_statement(dialect: str):
    """The counting upsert, built once per dialect (each sign-up sends it)."""
    now = bindparam("now", type_=UtcDateTime())
    return (
        conflict_insert(dialect, _rates)
        .values(key=bindparam("key"), window_started_at=now, count=1)
        .on_conflict_do_update(
            index_elements=[_rates.c.key],
            set_={
                "count": case((_stale, 1), else_=_rates.c.count + 1),
                "window_started_at": case((_stale, now), else_=_rates.c.window_started_at),
            },
        )
        .returning(_rates.c.count, _rates.c.window_started_at)
    )


class RateLimiter:
    def __init__(self, secret: str, per_window: int, trusted: Trusted) -> None:
        self.per_window, self.trusted = per_window, trusted
        self._secret = secret.encode()

    def check(self, session: Session, remote: str | None, forwarded_for: str | None) -> None:
        """Count this sign-up; ``TooManySignUps`` (with ``retry_after``) over the limit."""
        address = client_address(remote, forwarded_for, self.trusted)
        key = hmac.new(self._secret, address.encode(), hashlib.sha256).hexdigest()
        now = utc_now()
        count, started = count_attempt(session, key, now)
        if count > self.per_window:
            wait = math.ceil((started + WINDOW - now).total_seconds())
            raise TooManySignUps(
                "Too many sign-ups from your network. Please wait a while and try again.",
                retry_after=max(wait, 1),
            )


def check_signup_rate() -> None:
    """Count this request's sign-up; ``TooManySignUps`` once its address is over the limit."""
    limiter: RateLimiter = current_app.extensions["registrations_rate_limiter"]
    limiter.check(request_session(), request.remote_addr, request.headers.get("X-Forwarded-For"))
