"""The broker's definitions, generated from what the code declares
(``dialog_platform.messaging.topology``): the vhost, the topic exchange, every service's quorum
work queue (with its delivery limit and dead-letter route), its retry queues (TTL, back to the
work queue) and its dead-letter queue, the bindings, and one user per service with the least
permissions its roles need. Passwords are not here: ``setup.py`` adds them when it loads the file.

    .venv/bin/python deploy/rabbitmq/definitions.py    # rewrites definitions.json beside it

The same DIALOG_EXCHANGE, DIALOG_QUEUE_PREFIX, DIALOG_QUORUM_QUEUES, DIALOG_DELIVERY_LIMIT and
DIALOG_RETRY_DELAYS as the services give the same names and arguments; the committed file has
the defaults (a test keeps it equal to what this writes).

Why these permissions: every relay and consumer declares the whole topology at start, so each
user may configure the exchange and every queue, and write (bind) every queue; it reads (binds
from) the exchange and reads (consumes, lists, sweeps) only its own queues; it writes to the
default exchange (``amq.default``), through which the consumer moves a failed message to a retry
or dead-letter queue. Topic permissions on the exchange: it publishes only its own message types
(``<service>.``) and binds only the keys the platform subscribes to. Declaring a queue that does
not exist yet with a dead-letter route needs read permission on it, which no user has on other
services' queues: load these definitions before any service starts.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from dialog_platform.config import SERVICES, env_flag, env_int, env_seconds, env_str
from dialog_platform.messaging.topology import SUBSCRIPTIONS, Topology

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "definitions.json"
VHOST = "dialog"
#: What every user's password hash is computed with (``setup.py`` fills in the hash).
HASHING = "rabbit_password_hashing_sha256"


def topology_from_env() -> Topology:
    """The topology the services declare with this environment (defaults when unset)."""
    return Topology(
        exchange_name=env_str("DIALOG_EXCHANGE"),
        prefix=env_str("DIALOG_QUEUE_PREFIX"),
        broker_native=True,
        quorum=env_flag("DIALOG_QUORUM_QUEUES"),
        delivery_limit=env_int("DIALOG_DELIVERY_LIMIT", minimum=1),
        retry_delays=env_seconds("DIALOG_RETRY_DELAYS"),
    )


def declared_queues(topology: Topology) -> list:
    """Every queue a relay or consumer declares (``Topology.declare``), in that order."""
    return [
        queue
        for service, keys in SUBSCRIPTIONS.items()
        if keys
        for queue in topology.service_queues(service)
    ]


def _exactly(names) -> str:
    return "^(" + "|".join(re.escape(name) for name in names) + ")$"


def permissions(topology: Topology, service: str, user: str, vhost: str) -> tuple[dict, dict]:
    """The user's permissions on the vhost and its topic permissions on the exchange."""
    exchange = topology.exchange.name
    every_queue = [queue.name for queue in declared_queues(topology)]
    own = (
        [queue.name for queue in topology.service_queues(service)] if SUBSCRIPTIONS[service] else []
    )
    keys = sorted({key for keys in SUBSCRIPTIONS.values() for key in keys})
    return (
        {
            "user": user,
            "vhost": vhost,
            "configure": _exactly([exchange, *every_queue]),
            "write": _exactly([exchange, "amq.default", *every_queue]),
            "read": _exactly([exchange, *own]),
        },
        {
            "user": user,
            "vhost": vhost,
            "exchange": exchange,
            "write": f"^{re.escape(service)}\\.",
            "read": _exactly(keys),
        },
    )


def definitions(
    topology: Topology, vhost: str = VHOST, users: dict[str, str] | None = None
) -> dict:
    """The definitions document; ``users`` maps a service to its user name (default: the
    service's name)."""
    users = users or {service: service for service in SERVICES}
    exchange = topology.exchange
    queues = declared_queues(topology)
    grants = [permissions(topology, service, users[service], vhost) for service in SERVICES]
    return {
        "vhosts": [{"name": vhost}],
        "users": [
            {"name": users[service], "password_hash": "", "hashing_algorithm": HASHING, "tags": []}
            for service in SERVICES
        ],
        "permissions": [grant for grant, _ in grants],
        "topic_permissions": [topic for _, topic in grants],
        "exchanges": [
            {
                "name": exchange.name,
                "vhost": vhost,
                "type": exchange.type,
                "durable": exchange.durable,
                "auto_delete": exchange.auto_delete,
                "internal": False,
                "arguments": exchange.arguments or {},
            }
        ],
        "queues": [
            {
                "name": queue.name,
                "vhost": vhost,
                "durable": queue.durable,
                "auto_delete": queue.auto_delete,
                "arguments": queue.queue_arguments or {},
            }
            for queue in queues
        ],
        "bindings": [
            {
                "source": exchange.name,
                "vhost": vhost,
                "destination": queue.name,
                "destination_type": "queue",
                "routing_key": bound.routing_key,
                "arguments": {},
            }
            for queue in queues
            for bound in sorted(queue.bindings, key=lambda b: b.routing_key)  # a set in kombu
        ],
    }


def render(document: dict) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    OUTPUT.write_text(render(definitions(topology_from_env())))
    print(f"wrote {OUTPUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
