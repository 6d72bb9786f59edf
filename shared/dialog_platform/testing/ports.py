"""Free TCP ports for tests that start real servers on fixed port numbers."""

from __future__ import annotations

import random
import socket
from pathlib import Path

_EPHEMERAL = Path("/proc/sys/net/ipv4/ip_local_port_range")


def _below_ephemeral() -> int:
    """The first port the kernel hands out to outgoing connections (Linux: 32768). A server
    port below it can never be an outgoing socket's own port: a client probing a server
    that is not listening yet could otherwise connect to itself and read its own request
    back as the answer (TCP simultaneous open)."""
    try:
        return int(_EPHEMERAL.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def free_port_base(count: int = 5, step: int = 10) -> int:
    """``count`` free ports in a row below the ephemeral range, from a random start: test
    runs side by side pick apart."""
    low, high = 20000, _below_ephemeral() - count
    start = random.randrange(low, high, step)
    for base in [*range(start, high, step), *range(low, start, step)]:
        try:
            for port in range(base, base + count):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
    raise RuntimeError(f"no {count} free ports in a row between {low} and {high}")
