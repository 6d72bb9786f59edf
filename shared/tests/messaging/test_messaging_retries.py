"""Failing handlers and broken messages: retried with growing delays, then parked in the
dead-letter queue with the reason, replayed from there; contract violations are never retried."""

import itertools
import json

import pytest
from kombu import Connection


# Delays far enough apart that a machine busy with other tests cannot blur their order.
@pytest.mark.retry_delays(0.5, 2.0, 4.0)
def test_failing_handler_is_retried_with_growing_delays_then_dead_lettered(any_rig):
    rig = any_rig
    delays = rig.topology.retry_delays
    consumer = rig.start("consumer", fail_while=True)
    rig.start("relay")
    [message_id] = rig.write_outbox()

    [letter] = rig.wait(rig.dead_letters, interval=0.2, what="the dead letter")
    calls = consumer.handler_calls()

    assert [mid for mid, _ in calls] == [message_id] * (1 + len(delays))
    gaps = [later - earlier for (_, earlier), (_, later) in itertools.pairwise(calls)]
    assert all(gap >= delay for gap, delay in zip(gaps, delays, strict=True)), gaps
    assert gaps == sorted(gaps), gaps
    assert letter.message_id == message_id
    assert letter.attempts == 1 + len(delays)
    assert letter.reason == (
        f"failed {1 + len(delays)} times, last: RuntimeError: fault injected by the test"
    )
    assert rig.effects() == {}

    rig.clear_fault()
    assert rig.replay_dead_letters() == 1
    assert rig.wait_effects(1) == {message_id: 1}
    assert rig.dead_letters() == []
    assert len(consumer.handler_calls()) == 2 + len(delays)


def _bad_data(rig):
    envelope = rig.envelope(capacity=-3)
    del envelope.data["title"]
    return envelope.to_json(), envelope.id, ["capacity", "title"]


def _not_json(rig):
    return "{not json", "not-json-1", ["body is not JSON"]


def _unknown_version(rig):
    envelope = json.loads(rig.envelope().to_json()) | {"version": 99}
    return json.dumps(envelope), envelope["id"], ["no contract", "v99"]


def _id_not_a_uuid(rig):
    envelope = json.loads(rig.envelope().to_json()) | {"id": "x" * 40}  # longer than the inbox key
    return json.dumps(envelope), envelope["id"], ["'id' must be a UUID"]


@pytest.mark.parametrize("broken", [_bad_data, _not_json, _unknown_version, _id_not_a_uuid])
def test_message_breaking_its_contract_is_dead_lettered_without_retries(rig, broken):
    body, message_id, details = broken(rig)
    consumer = rig.start("consumer")
    rig.publish_raw(body, message_id)

    [letter] = rig.wait(rig.dead_letters, interval=0.2, what="the dead letter")

    assert letter.message_id == message_id
    assert letter.attempts == 1
    assert letter.reason.startswith("contract: ")
    assert all(detail in letter.reason for detail in details), letter.reason
    assert rig.wait(consumer.deliveries, what="the journal") == [(message_id, False)]
    assert consumer.handler_calls() == []
    assert rig.effects() == {}


def test_message_that_keeps_crashing_its_consumer_is_parked_by_the_broker(rig):
    """``x-delivery-limit`` on the quorum work queue: every crash returns the message, and past
    the limit RabbitMQ itself dead-letters it instead of redelivering it forever."""
    envelope = rig.envelope()
    rig.publish_raw(envelope.to_json(), envelope.id)
    work_queue = rig.topology.queue_name("registrations")

    with Connection(rig.amqp_url) as connection:
        for _ in range(1 + rig.topology.delivery_limit):
            channel = connection.channel()
            taken = rig.wait(lambda ch=channel: ch.basic_get(work_queue), what="a delivery")
            assert taken.properties["message_id"] == envelope.id
            channel.close()  # unacknowledged, as when a consumer dies: back into the queue
        [letter] = rig.wait(rig.dead_letters, interval=0.2, what="the dead letter")
        assert connection.default_channel.basic_get(work_queue) is None

    assert letter.message_id == envelope.id
    assert letter.reason == f"broker: delivery_limit from queue {work_queue}"
    assert letter.attempts == 0  # no handler ever finished to count one
