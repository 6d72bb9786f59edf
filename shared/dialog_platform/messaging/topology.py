"""Where messages go: the topic exchange, each service's queue and the keys it is bound to.

The subscription table is the platform's wiring diagram (DESIGN.md, "Services and what each
owns"). Every relay and consumer declares all of it at start: declarations are idempotent, a
message published before its consumer ever ran is kept, and the broker-less transport, which
only routes to bindings its *publishing* process declared, routes correctly too.
"""

from __future__ import annotations

from dataclasses import dataclass

from kombu import Exchange, Queue, binding

#: The messages of a registration's changes of status (each says whether it takes a seat).
REGISTRATION_CHANGES = tuple(
    f"registrations.registration.{name}"
    for name in ("created", "confirmed", "waitlisted", "promoted", "cancelled", "checked_in")
)

#: service -> the message types it consumes, exactly: each is also a routing key its queue is
#: bound to, and each has a handler in the service's ``messaging.handlers.HANDLERS`` (a test
#: keeps the two equal). A service receives nothing else, so a message reaches only those who
#: need it. The catalogue (docs/messages.md) is generated from this table and the contracts.
SUBSCRIPTIONS: dict[str, tuple[str, ...]] = {
    # seats taken, for the capacity check; erasure and export of a delegate or contact person;
    # a contact person's "unsubscribe" from announcements (their consent ends)
    "events": (
        *REGISTRATION_CHANGES,
        "registrations.erasure.requested",
        "registrations.export.requested",
        "notifications.announcements.stopped",
    ),
    # its copy of each event; invitations to round-table meetings; the answers to the privacy
    # requests it owns; the person's "stop reminders" (their SMS consent ends)
    "registrations": (
        "events.event.published",
        "events.event.updated",
        "events.event.cancelled",
        "events.event.completed",
        "events.round_table.meeting_scheduled",
        "events.round_table.updated",
        "events.erasure.completed",
        "notifications.erasure.completed",
        "mediation.erasure.completed",
        "events.export.completed",
        "notifications.export.completed",
        "mediation.export.completed",
        "notifications.reminders.stopped",
    ),
    # whom to write to, about what, and when
    "notifications": (
        *REGISTRATION_CHANGES,
        "registrations.registration.confirmation_requested",
        "registrations.invitation.sent",
        "registrations.invitation.cancelled",
        "registrations.subscription.requested",
        "registrations.subscription.announced",
        "events.event.published",
        "events.event.updated",
        "events.event.cancelled",
        "events.event.completed",
        "events.event.announced",
        "mediation.session.scheduled",
        "mediation.session.rescheduled",
        "mediation.session.cancelled",
        # a person's consent withdrawn, erased, or asking what is held about them
        "registrations.registration.consent_withdrawn",
        "registrations.erasure.requested",
        "registrations.export.requested",
    ),
    # its copy of the organisations directory; erasure and export of a party
    "mediation": (
        "events.organisation.created",
        "events.organisation.updated",
        "registrations.erasure.requested",
        "registrations.export.requested",
    ),
}


def consumers_of(message_type: str) -> list[str]:
    """The services that consume ``message_type``."""
    return [service for service, types in SUBSCRIPTIONS.items() if message_type in types]


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
