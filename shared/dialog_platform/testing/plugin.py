"""pytest plugin (registered through the ``pytest11`` entry point of dialog-platform).

Fixtures:
- ``postgres_admin``: URL of a real PostgreSQL that may create databases (session).
- ``make_database`` / ``database_url``: a fresh, empty database per call, dropped afterwards.
- ``any_dialect_url``: a fresh, empty database of each dialect the services run on, PostgreSQL
  (production) and SQLite (embedded): the test runs once with each.
- ``rabbitmq_url``: URL of a real RabbitMQ (session).
- ``any_mode``: each way the services run, production (PostgreSQL, RabbitMQ) and embedded
  (SQLite files, the broker-less bus in one more): ``.database_url(service)`` gives a fresh
  database, ``.amqp_url`` and ``.topology`` the broker and namespace; the test runs once each.
- ``topology``: broker names unique to this test (exchange and queues under a random prefix,
  short retry delays), deleted afterwards.
- ``service_env``: sets the environment a service's ``Settings.from_env`` reads, pointing at
  this test's database and broker namespace, with a known signing key.
- ``staff_headers``: ``staff_headers("admin")`` gives an Authorization header with a token
  signed by that key.
- ``service_app``: ``service_app("events")`` gives that service's Flask app on a fresh,
  migrated database of this test (``service_env`` settings), disposed afterwards;
  ``app_and_client("events")`` makes the fixtures ``events_app`` and ``client`` of it for a
  service's conftest.
- ``clock``: the time ``dialog_platform.clock.utc_now()`` returns, fixed for this test;
  ``clock.advance(hours=1)`` moves it.
- ``stored_texts`` / ``database_dump``: ``stored_texts(db)``, every value a database holds with
  its tokens opened; ``database_dump(url)``, what pg_dump writes (``testing.traces``).
- ``relay_outbox``: ``relay_outbox(db)`` publishes what the outbox holds to this test's broker
  namespace, so its rows count as sent.

Helpers for messages (outbox, probe queue, handing a message to handlers): ``testing.messages``;
for a migration tested on rows already stored: ``testing.migrations``; for walking every route
of a service's document as a careless client and an attacker would: ``testing.walk``.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import uuid
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import psycopg
import pytest
from kombu import Connection
from sqlalchemy.engine import make_url

from .. import clock as platform_clock
from .. import crypto
from ..auth import mint_token
from ..config import SERVICES
from ..messaging.publisher import ConfirmingPublisher
from ..messaging.relay import Relay
from ..messaging.topology import SUBSCRIPTIONS, Topology
from ..migrations import upgrade
from . import traces
from .resources import amqp_url, libpq_url, postgres_admin_url

TEST_JWT_SECRET = "test-signing-key-that-is-long-enough-for-hs256"
#: The data key of every test (a Fernet key): encrypted columns and sealed message parts.
TEST_DATA_KEY = "ZGlhbG9nLXRlc3QtZGF0YS1rZXktMzItYnl0ZXMhISE="
TEST_RETRY_DELAYS = (0.2, 0.4, 0.8)


@pytest.fixture(autouse=True, scope="session")
def _data_keys():
    """Code under test in this process encrypts with the tests' data key."""
    crypto.use_keys([TEST_DATA_KEY])


@pytest.fixture(scope="session")
def postgres_admin() -> str:
    return postgres_admin_url()


@pytest.fixture
def make_database(postgres_admin):
    created: list[str] = []
    admin = libpq_url(postgres_admin)

    def make(prefix: str = "dialog_test") -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        created.append(name)
        return make_url(postgres_admin).set(database=name).render_as_string(hide_password=False)

    yield make
    with psycopg.connect(admin, autocommit=True) as conn:
        for name in created:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def database_url(make_database) -> str:
    return make_database()


@pytest.fixture(params=["postgresql", "sqlite"])
def any_dialect_url(request, make_database, tmp_path) -> str:
    if request.param == "postgresql":
        return make_database()
    return f"sqlite:///{tmp_path}/{request.param}.sqlite"


@pytest.fixture(scope="session")
def rabbitmq_url() -> str:
    return amqp_url()


def delete_namespace(url: str, topology: Topology) -> None:
    with Connection(url) as conn:
        channel = conn.channel()
        for service, keys in SUBSCRIPTIONS.items():
            if keys:
                for queue in topology.service_queues(service):
                    channel.queue_delete(queue.name)
        channel.exchange_delete(topology.exchange.name)


@pytest.fixture
def topology(rabbitmq_url):
    namespace = Topology(
        prefix=f"test-{uuid.uuid4().hex[:10]}.", retry_delays=TEST_RETRY_DELAYS, delivery_limit=5
    )
    yield namespace
    delete_namespace(rabbitmq_url, namespace)


#: kombu's SQLAlchemy transport maps its tables with ``lazy="noload"``, which SQLAlchemy 2.1
#: deprecates; the warning is kombu's to fix and says nothing about the code under test.
KOMBU_NOLOAD = pytest.mark.filterwarnings(
    "ignore:The ``noload`` loader strategy is deprecated:sqlalchemy.exc.SADeprecationWarning"
)


@pytest.fixture(params=["production", pytest.param("embedded", marks=KOMBU_NOLOAD)])
def any_mode(request, make_database, rabbitmq_url, topology, tmp_path) -> SimpleNamespace:
    if request.param == "production":
        return SimpleNamespace(
            database_url=lambda service: make_database(f"dialog_{service}"),
            amqp_url=rabbitmq_url,
            topology=topology,
        )
    return SimpleNamespace(
        database_url=lambda service: f"sqlite:///{tmp_path}/{service}-{uuid.uuid4().hex[:6]}.db",
        amqp_url=f"sqla+sqlite:///{tmp_path}/bus.sqlite",
        topology=dataclasses.replace(topology, broker_native=False),
    )


@pytest.fixture
def service_env(monkeypatch, rabbitmq_url, topology, make_database, tmp_path):
    """Point ``Settings.from_env`` at real resources: call with a service name; returns its
    database URL. Production mode, so no local file or default is used by accident."""

    def configure(
        service: str, database_url: str | None = None, amqp_url: str | None = None
    ) -> str:
        assert service in SERVICES
        url = database_url or make_database(f"dialog_{service}")
        monkeypatch.setenv("DIALOG_ENV", "production")
        monkeypatch.setenv("DIALOG_DATA_DIR", str(tmp_path))
        monkeypatch.setenv(f"{service.upper()}_DATABASE_URL", url)
        monkeypatch.setenv("AMQP_URL", amqp_url or rabbitmq_url)
        monkeypatch.setenv("DIALOG_EXCHANGE", topology.exchange_name)
        monkeypatch.setenv("DIALOG_QUEUE_PREFIX", topology.prefix)
        monkeypatch.setenv("DIALOG_DELIVERY_LIMIT", str(topology.delivery_limit))
        monkeypatch.setenv("DIALOG_RETRY_DELAYS", ",".join(map(str, topology.retry_delays)))
        monkeypatch.setenv("JWT_SECRET", TEST_JWT_SECRET)
        monkeypatch.setenv("DIALOG_DATA_KEYS", TEST_DATA_KEY)
        monkeypatch.setenv("NOTIFICATIONS_PUBLIC_URL", "http://notifications.test")
        # production has no default for the links' base (events writes sign-up links too)
        monkeypatch.setenv("REGISTRATIONS_PUBLIC_URL", "http://127.0.0.1:8002")
        if not os.environ.get("SMTP_HOST"):  # production needs one; tests send to their own
            monkeypatch.setenv("SMTP_HOST", "smtp.test.invalid")
        for name in ("OIDC_JWKS_URL", "OIDC_ISSUER", "JWT_AUDIENCE"):
            monkeypatch.delenv(name, raising=False)
        return url

    return configure


@pytest.fixture
def staff_headers():
    def headers(*roles: str, subject: str = "test-staff") -> dict[str, str]:
        return {"Authorization": f"Bearer {mint_token(TEST_JWT_SECRET, subject, roles)}"}

    return headers


@pytest.fixture
def service_app(service_env):
    """``service_app("registrations")``: the service's app on a fresh, migrated database (or
    on ``database_url`` and ``amqp_url``, e.g. SQLite files and the embedded bus)."""
    apps = []

    def make(service: str, database_url: str | None = None, amqp_url: str | None = None):
        upgrade(f"dialog_{service}", service_env(service, database_url, amqp_url))
        app = importlib.import_module(f"dialog_{service}.app").create_app()
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["dialog_db"].dispose()


def app_and_client(service: str) -> tuple[object, object]:
    """A service's conftest takes its two fixtures from here:
    ``events_app, client = app_and_client("events")`` gives ``events_app``, the app
    ``service_app("events")`` makes, and ``client``, a Flask test client of it."""

    @pytest.fixture(name=f"{service}_app")
    def app(service_app):
        return service_app(service)

    @pytest.fixture(name="client")
    def client(request):
        return request.getfixturevalue(f"{service}_app").test_client()

    return app, client


class FixedClock:
    """A clock that stands still until told to move."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock():
    fixed = FixedClock(datetime(2027, 3, 1, 9, 0, tzinfo=UTC))
    with platform_clock.fixed(fixed):
        yield fixed


@pytest.fixture
def stored_texts():
    return traces.stored_texts


@pytest.fixture
def database_dump():
    return traces.database_dump


@pytest.fixture
def relay_outbox(rabbitmq_url, topology):
    def relay(db) -> int:
        with Connection(rabbitmq_url) as connection:
            topology.declare(connection.default_channel)
            publisher = ConfirmingPublisher(connection, topology.exchange)
            return Relay(db, rabbitmq_url, topology).relay_batch(publisher)

    return relay
