"""Where messages go: the topic exchange, each service's queue and the keys it is bound to.

The subscription table is the platform's wiring diagram (DESIGN.md, "Services and what each
owns"). Every relay and consumer declares all of it at start: declarations are idempotent, a
message published before its consumer ever ran is kept, and the broker-less transport, which
only routes to bindings its *publishing* process declared, routes correctly too.
"""

from __future__ import annotations

from dataclasses import dataclass

from kombu import Exchange, Queue, binding

#: service -> routing keys (AMQP topic patterns) of the messages it consumes
SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    "events": ("registrations.registration.*",),  # seats taken, for the capacity check
    "registrations": ("events.event.*", "events.round_table.*"),
    "notifications": ("registrations.#", "events.event.*", "mediation.session.*"),
    "mediation": ("events.organisation.*",),
}


@dataclass(frozen=True)
class Topology:
    """Names and declarations for one broker namespace (a prefix isolates tests)."""

    exchange_name: str = "dialog"
    prefix: str = ""
    broker_native: bool = True
    quorum: bool = True
    delivery_limit: int = 20
    retry_delays: tuple[float, ...] = (1, 5, 30, 120, 600)

    @property
    def exchange(self) -> Exchange:
        return Exchange(self.prefix + self.exchange_name, type="topic", durable=True)

    def queue_name(self, service: str) -> str:
        return f"{self.prefix}{service}"

    def dead_letter_name(self, service: str) -> str:
        return f"{self.prefix}{service}.dead-letter"

    def retry_name(self, service: str, attempt: int) -> str:
        return f"{self.prefix}{service}.retry.{attempt}"

    def work_queue(self, service: str) -> Queue:
        """The queue a service's consumers compete on, bound to exactly the keys it handles."""
        arguments = {}
        if self.broker_native:
            # A message that keeps killing its consumer is parked, not redelivered forever:
            # RabbitMQ 3.10-3.13 have no default delivery limit on quorum queues.
            arguments = {
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": self.dead_letter_name(service),
            }
            if self.quorum:
                arguments |= {"x-queue-type": "quorum", "x-delivery-limit": self.delivery_limit}
        bindings = [binding(self.exchange, routing_key=key) for key in SUBSCRIPTIONS[service]]
        return Queue(
            self.queue_name(service),
            bindings=bindings,
            durable=True,
            queue_arguments=arguments or None,
        )

    def dead_letter_queue(self, service: str) -> Queue:
        return Queue(
            self.dead_letter_name(service),
            durable=True,
            queue_arguments={"x-queue-type": "quorum"}
            if self.broker_native and self.quorum
            else None,
        )

    def retry_queues(self, service: str) -> list[Queue]:
        """One queue per delay. On RabbitMQ the message waits out the queue's TTL and is
        dead-lettered back to the work queue; broker-less transports have no TTL, so there the
        consumer moves due messages back itself (see consumer.RetryPump)."""
        queues = []
        for attempt, delay in enumerate(self.retry_delays, start=1):
            arguments = None
            if self.broker_native:
                arguments = {
                    "x-message-ttl": int(delay * 1000),
                    "x-dead-letter-exchange": "",
                    "x-dead-letter-routing-key": self.queue_name(service),
                }
            queues.append(
                Queue(
                    self.retry_name(service, attempt),
                    durable=True,
                    queue_arguments=arguments,
                )
            )
        return queues

    def service_queues(self, service: str) -> list[Queue]:
        return [
            self.work_queue(service),
            self.dead_letter_queue(service),
            *self.retry_queues(service),
        ]

    def declare(self, channel) -> None:
        """Declare the exchange and every consuming service's queues; safe to repeat."""
        self.exchange(channel).declare()
        for service, keys in SUBSCRIPTIONS.items():
            if not keys:
                continue
            for queue in self.service_queues(service):
                queue(channel).declare()
