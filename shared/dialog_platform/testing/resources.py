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
import socket
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
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


def postgres_admin_url() -> str:
    """A SQLAlchemy URL of a PostgreSQL database whose user may create databases."""
    env = os.environ.get("DIALOG_TEST_POSTGRES_URL")
    if env:
        if not _postgres_answers(env):
            raise MissingResource(f"DIALOG_TEST_POSTGRES_URL={env} does not answer.")
        return env
    if _port_open("127.0.0.1", 5432) and _postgres_answers(LOCAL_POSTGRES):
        return LOCAL_POSTGRES
    container = _from_container("postgres")
    if container is not None:
        return container.get_connection_url()
    raise MissingResource(
        "The tests need PostgreSQL: set DIALOG_TEST_POSTGRES_URL, start a server on "
        "127.0.0.1:5432 with trust auth for 'postgres', or run a Docker engine for testcontainers."
    )


def amqp_url() -> str:
    """The URL of a real RabbitMQ broker."""
    for name in ("DIALOG_TEST_AMQP_URL", "AMQP_URL"):
        env = os.environ.get(name)
        if env and env.startswith("amqp"):
            if not _amqp_answers(env):
                raise MissingResource(f"{name}={env} does not answer.")
            return env
    if _port_open("127.0.0.1", 5672) and _amqp_answers(LOCAL_AMQP):
        return LOCAL_AMQP
    container = _from_container("rabbitmq")
    if container is not None:
        host, port = container.get_container_host_ip(), container.get_exposed_port(5672)
        return f"amqp://guest:guest@{host}:{port}//"
    raise MissingResource(
        "The tests need RabbitMQ: set DIALOG_TEST_AMQP_URL, start a server on 127.0.0.1:5672 "
        "(guest/guest), or run a Docker engine for testcontainers."
    )


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
