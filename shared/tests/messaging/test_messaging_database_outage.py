"""PostgreSQL drops every connection of the relay and the consumer (as in a database restart, but
only for this test's two databases): both reconnect by themselves and lose nothing."""

import psycopg
from sqlalchemy.engine import make_url

from dialog_platform.testing.resources import libpq_url


def _drop_connections(admin_url: str, *database_urls: str) -> int:
    names = [make_url(url).database for url in database_urls]
    with psycopg.connect(libpq_url(admin_url), autocommit=True) as admin:
        killed = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = ANY(%s) AND pid <> pg_backend_pid()",
            [names],
        ).fetchall()
    return len(killed)


def test_relay_and_consumer_survive_the_database_dropping_their_connections(rig, postgres_admin):
    consumer, relay = rig.start_all("consumer", "relay")
    first = rig.write_outbox()
    rig.wait_effects(1)
    rig.producer.dispose()  # the test's own connections: what remains is the workers'
    rig.consumer.dispose()

    # The relay's LISTEN connection and pooled one, and the consumer's pooled one.
    assert _drop_connections(postgres_admin, rig.producer.url, rig.consumer.url) >= 3
    second = rig.write_outbox()

    assert rig.wait_effects(2) == dict.fromkeys(first + second, 1)
    # the relay commits its stamp once the broker confirmed: a handler may be quicker
    rig.wait(lambda: not rig.unsent(), what="every outbox row stamped")
    assert relay.process.poll() is None, relay.log.read_text()
    assert consumer.process.poll() is None, consumer.log.read_text()
    assert "relay lost its connection; reconnecting" in relay.log.read_text()
