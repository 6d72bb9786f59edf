"""Finding the real PostgreSQL and RabbitMQ a test run uses, in this order:

1. environment variables (``DIALOG_TEST_POSTGRES_URL``, ``DIALOG_TEST_AMQP_URL``, or an
   ``AMQP_URL`` that points at a real AMQP broker);
2. the servers running on this machine's default ports (127.0.0.1:5432 as ``postgres``,
   127.0.0.1:5672 as ``guest``);
3. testcontainers, where a Docker engine answers;
4. otherwise a failure that names what is missing. Nothing is skipped silently.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg
import pytest
from kombu import Connection
from sqlalchemy.engine import make_url

LOCAL_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
LOCAL_AMQP = "amqp://guest:guest@127.0.0.1:5672//"


class MissingResource(RuntimeError):
    """No PostgreSQL or RabbitMQ could be found for the tests."""


def _port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def libpq_url(sqlalchemy_url: str) -> str:
    return sqlalchemy_url.replace("postgresql+psycopg://", "postgresql://", 1)


def _postgres_answers(url: str) -> bool:
    try:
        with psycopg.connect(libpq_url(url), connect_timeout=3) as conn:
            conn.execute("SELECT 1")
        return True
    except psycopg.Error:
        return False


def _amqp_answers(url: str) -> bool:
    try:
        with Connection(url, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1)
        return True
    except Exception:
        return False


def _from_container(kind: str):
    """Start a container; None when no Docker engine answers (the constructor raises then)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            if kind == "postgres":
                from testcontainers.postgres import PostgresContainer

                container = PostgresContainer("postgres:15", username="postgres", driver="psycopg")
            else:
                from testcontainers.rabbitmq import RabbitMqContainer

                container = RabbitMqContainer("rabbitmq:3.13")
        container.start()
    except Exception:
        return None
    atexit.register(container.stop)
    return container


def _found(
    variables: dict[str, Callable[[str], bool]],
    answers: Callable[[str], bool],
    local: str,
    local_port: int,
    kind: str,
    container_url: Callable,
    missing: str,
) -> str:
    """The first of: a variable of ``variables`` (name -> whether its value is meant) that is
    set, when it ``answers``; ``local`` on ``local_port``; a container of ``kind``."""
    for name, meant in variables.items():
        env = os.environ.get(name)
        if env and meant(env):
            if not answers(env):
                raise MissingResource(f"{name}={env} does not answer.")
            return env
    if _port_open("127.0.0.1", local_port) and answers(local):
        return local
    container = _from_container(kind)
    if container is not None:
        return container_url(container)
    raise MissingResource(missing)


def postgres_admin_url() -> str:
    """A SQLAlchemy URL of a PostgreSQL database whose user may create databases."""
    return _found(
        {"DIALOG_TEST_POSTGRES_URL": bool},
        _postgres_answers,
        LOCAL_POSTGRES,
        5432,
        "postgres",
        lambda container: container.get_connection_url(),
        "The tests need PostgreSQL: set DIALOG_TEST_POSTGRES_URL, start a server on "
        "127.0.0.1:5432 with trust auth for 'postgres', or run a Docker engine for testcontainers.",
    )


def amqp_url() -> str:
    """The URL of a real RabbitMQ broker."""
    is_amqp = lambda url: url.startswith("amqp")  # noqa: E731 - AMQP_URL may name the bus
    return _found(
        {"DIALOG_TEST_AMQP_URL": is_amqp, "AMQP_URL": is_amqp},
        _amqp_answers,
        LOCAL_AMQP,
        5672,
        "rabbitmq",
        lambda c: f"amqp://guest:guest@{c.get_container_host_ip()}:{c.get_exposed_port(5672)}//",
        "The tests need RabbitMQ: set DIALOG_TEST_AMQP_URL, start a server on 127.0.0.1:5672 "
        "(guest/guest), or run a Docker engine for testcontainers.",
    )


def fresh_vhost_name() -> str:
    """A RabbitMQ virtual host name of its own for one test."""
    return f"dialog-test-{uuid.uuid4().hex[:10]}"


def rabbitmqctl(*args: str, stdin: str | None = None, check: bool = True) -> str:
    """``rabbitmqctl args`` against the broker on this machine: its output. Fails the test
    where the tool is missing, and (``check``) where the command fails."""
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        pytest.fail("This test needs rabbitmqctl (run as root next to the broker).")
    done = subprocess.run([ctl, *args], input=stdin, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 or not check, f"rabbitmqctl {args}: {done.stderr}"
    return done.stdout


@contextmanager
def database_outage(url: str) -> Iterator[None]:
    """While the block runs, the PostgreSQL database of ``url`` refuses every connection (its
    open ones are cut): an outage as a service sees it, without stopping the server."""
    name = make_url(url).database
    admin = libpq_url(postgres_admin_url())
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )
    try:
        yield
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
