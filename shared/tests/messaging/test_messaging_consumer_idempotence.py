"""The consumer against real PostgreSQL and RabbitMQ: a consumer killed inside its handler loses
nothing, and a message delivered again and again has its effect once."""

from sqlalchemy import select

from dialog_platform.messaging.tables import inbox


def test_consumer_killed_inside_its_handler_hands_the_message_to_the_next(rig):
    doomed = rig.start("consumer", block_in_handler=True)
    envelope = rig.envelope()
    rig.publish_raw(envelope.to_json(), envelope.id)
    rig.wait(lambda: (doomed.folder / "handler-started").exists(), what="the handler to start")
    doomed.kill()
    assert rig.effects() == {}  # its transaction died with it

    survivor = rig.start("consumer")
    rig.wait(survivor.deliveries, what="the redelivery")

    assert survivor.deliveries() == [(envelope.id, True)]
    assert rig.effects() == {envelope.id: 1}
    assert [mid for mid, _ in doomed.handler_calls() + survivor.handler_calls()] == [
        envelope.id,
        envelope.id,
    ]


def test_message_delivered_three_times_has_its_effect_once(rig):
    envelope = rig.envelope()
    # Two copies wait before the consumer starts (most likely one batch, one transaction) ...
    rig.publish_raw(envelope.to_json(), envelope.id, copies=2)
    consumer = rig.start("consumer")
    rig.wait(lambda: len(consumer.deliveries()) == 2, what="the first two copies")
    # ... the third comes once the first has long been committed.
    rig.publish_raw(envelope.to_json(), envelope.id)
    rig.wait(lambda: len(consumer.deliveries()) == 3, what="the third copy")

    assert [mid for mid, _ in consumer.deliveries()] == [envelope.id] * 3
    assert rig.effects() == {envelope.id: 1}
    assert len(consumer.handler_calls()) == 1  # the copies stopped at the inbox
    with rig.consumer.transaction() as session:
        recorded = session.execute(select(inbox.c.consumer, inbox.c.message_id)).all()
    assert recorded == [("registrations", envelope.id)]
