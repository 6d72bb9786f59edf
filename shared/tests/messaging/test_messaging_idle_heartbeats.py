"""An idle relay keeps its broker connection: it reads the broker's heartbeats while it waits
for outbox rows, so "too many heartbeats missed" never drops a healthy connection."""

import threading
import time

from dialog_platform.db import Database
from dialog_platform.messaging.relay import Relay
from dialog_platform.messaging.tables import messaging_metadata
from dialog_platform.testing import wait_for

HEARTBEAT = 1.0  # seconds; the broker expects one from us, and sends one, at this interval


def test_an_idle_relay_keeps_its_connection_over_many_heartbeats(
    make_database, rabbitmq_url, topology
):
    db = Database(make_database())
    messaging_metadata.create_all(db.engine)
    relay = Relay(db, rabbitmq_url, topology, heartbeat=HEARTBEAT)
    stop = threading.Event()
    thread = threading.Thread(target=relay.run, args=(stop,), daemon=True)
    thread.start()
    try:
        wait_for(lambda: relay.connections == 1, what="the relay to connect")
        idle_until = time.monotonic() + 8 * HEARTBEAT  # missed ones drop it after two or three
        while time.monotonic() < idle_until:
            assert relay.connections == 1, "the idle relay lost its connection"
            time.sleep(0.2)
    finally:
        stop.set()
        thread.join(timeout=10)
        db.dispose()
    assert relay.connections == 1
