"""The outbox relay against real PostgreSQL and RabbitMQ: a crash between publishing and stamping
loses nothing and duplicates nothing in effect; a rolled-back transaction publishes nothing."""

import pytest


def test_relay_killed_after_publishing_republishes_and_the_inbox_absorbs_the_copy(rig):
    [message_id] = rig.write_outbox()
    consumer = rig.start("consumer", ready=False)
    doomed = rig.start("relay", pause_after_publish=True)
    consumer.wait_ready()
    rig.wait(lambda: (doomed.folder / "published").exists(), what="the broker confirmed")
    doomed.kill()

    # The broker has the message, the outbox does not know: the stamp was never committed.
    assert rig.unsent() == [message_id]
    assert rig.wait_effects(1) == {message_id: 1}

    rig.start("relay")
    rig.wait(lambda: not rig.unsent(), what="the fresh relay to stamp the row")
    deliveries = rig.wait(
        lambda: len(d := consumer.deliveries()) >= 2 and d, what="the republished copy"
    )

    assert [mid for mid, _ in deliveries] == [message_id, message_id]
    assert rig.effects() == {message_id: 1}
    assert len(consumer.handler_calls()) == 1  # the duplicate stopped at the inbox


def test_rolled_back_outbox_write_publishes_nothing(rig):
    class Abandon(Exception):
        pass

    consumer, _relay = rig.start_all("consumer", "relay")
    with pytest.raises(Abandon), rig.producer.transaction() as session:
        rig.add_message(session)
        raise Abandon
    assert rig.outbox_ids() == []
    # A message committed after the rolled-back one proves the relay ran past it.
    [sentinel] = rig.write_outbox()

    rig.wait(consumer.deliveries, what="the message committed afterwards")
    assert rig.effects() == {sentinel: 1}
    # the relay commits its stamp once the broker confirmed: a handler may be quicker
    rig.wait(lambda: not rig.unsent(), what="every outbox row stamped")
    assert rig.outbox_ids() == [sentinel]
    assert [mid for mid, _ in consumer.deliveries()] == [sentinel]
    assert [mid for mid, _ in consumer.handler_calls()] == [sentinel]
