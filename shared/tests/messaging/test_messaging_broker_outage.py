"""RabbitMQ closes every connection while 1,000 messages flow: relay and consumer reconnect by
themselves, and every message is handled exactly once. The test has a vhost of its own, so closing
its connections disturbs no other test."""

TOTAL = 1000
CHUNK = 50


def test_broker_closing_all_connections_mid_flow_loses_and_duplicates_nothing(vhost_rig, vhost):
    rig = vhost_rig
    small_batches = {"DIALOG_RELAY_BATCH": "50", "DIALOG_CONSUMER_BATCH": "20"}
    consumer, relay = rig.start_all("consumer", "relay", env=small_batches)

    sent: list[str] = []
    # Close everything while messages are still on their way, twice; then send the rest.
    for upto, close_after in ((400, 100), (800, 500)):
        while len(sent) < upto:
            sent += rig.write_outbox(CHUNK)
        rig.wait_effects(close_after)
        assert vhost.close_all_connections() >= 2  # at least the relay's and the consumer's
    while len(sent) < TOTAL:
        sent += rig.write_outbox(CHUNK)

    effects = rig.wait_effects(TOTAL, timeout=120)
    rig.wait(lambda: not rig.unsent(), what="every outbox row stamped")

    assert len(set(sent)) == TOTAL
    assert effects == dict.fromkeys(sent, 1)
    assert rig.dead_letters() == []
    for worker in (consumer, relay):
        log = worker.log.read_text()
        assert log.count("lost its connection; reconnecting") >= 2, log
        assert worker.process.poll() is None
