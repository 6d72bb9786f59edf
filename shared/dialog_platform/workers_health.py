"""What a worker process (relay, consume, schedule, expire-holds, retain) shows the one who runs
it: a heartbeat from its loop, its Prometheus counters, and both over HTTP on
``DIALOG_HEALTH_PORT``.

- ``/healthz``: 200 while the loop beats, 503 once it has not come round for
  ``DIALOG_STUCK_SECONDS`` (stuck: restart it). A loop waiting out a database or broker outage
  beats while it waits, so an outage is not mistaken for a stuck loop.
- ``/readyz``: 200 while the loop is connected and working, 503 while it waits out an outage.
- ``/metrics``: the counters below (all processes' in multi-process mode, as the web's).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    Counter,
    Gauge,
)

from .config import env_int, env_str
from .prometheus import exposition

RELAYED = Counter(
    "dialog_messages_relayed_total", "Outbox messages the broker confirmed", ["service"]
)
HANDLED = Counter(
    "dialog_messages_handled_total", "Messages whose handler committed", ["service", "type"]
)
SKIPPED = Counter(
    "dialog_messages_skipped_total",
    "Messages acknowledged without a handler run: duplicate or no handler",
    ["service", "reason"],
)
FAILED = Counter(
    "dialog_messages_failed_total",
    "Handler failures, one per attempt (the message goes to a retry queue or dead-letters)",
    ["service", "type"],
)
DEAD_LETTERED = Counter(
    "dialog_messages_dead_lettered_total",
    "Messages the consumer parked in its dead-letter queue: contract or retries exhausted",
    ["service", "reason"],
)
OUTBOX_PENDING = Gauge(
    "dialog_outbox_pending", "Outbox rows not yet published", ["service"], multiprocess_mode="max"
)
OUTBOX_LAG = Gauge(
    "dialog_outbox_lag_seconds",
    "Age of the oldest outbox row not yet published (0: none)",
    ["service"],
    multiprocess_mode="max",
)
DELIVERIES_SENT = Counter(
    "dialog_deliveries_sent_total", "Mails and SMS handed to the provider", ["channel", "kind"]
)
DELIVERIES_FAILED = Counter(
    "dialog_deliveries_failed_total",
    "Failed delivery attempts; final=true when no retry follows",
    ["channel", "kind", "final"],
)
HEARTBEATS = Gauge(
    "dialog_worker_heartbeat_timestamp_seconds",
    "Unix time of the worker loop's last heartbeat",
    ["service", "role"],
    multiprocess_mode="max",
)
RECONNECTS = Counter(
    "dialog_worker_reconnects_total",
    "Times the worker lost its database or broker and tried again",
    ["service", "role"],
)

#: The longest a heartbeat waits unseen while the loop sleeps (see ``Heartbeat.wait``).
BEAT_SECONDS = 0.25


class Heartbeat:
    """The sign of life of one worker loop. The loop calls ``beat`` each time it comes round and
    sleeps through ``wait``, which beats while it waits; ``connected`` and ``disconnected`` say
    whether it works or waits out an outage."""

    def __init__(self, service: str, role: str, stuck_after: float = 300.0) -> None:
        self.service, self.role, self.stuck_after = service, role, stuck_after
        self._gauge = HEARTBEATS.labels(service, role)
        self.state = "starting"
        self.error = ""
        self.last = time.monotonic()
        self.beat()

    def beat(self) -> None:
        self.last = time.monotonic()
        self._gauge.set(time.time())

    def wait(self, stop: threading.Event, seconds: float) -> bool:
        """Sleep ``seconds`` (less if ``stop`` is set), beating; True when stopped."""
        deadline = time.monotonic() + seconds
        while not stop.is_set() and (left := deadline - time.monotonic()) > 0:
            stop.wait(min(left, BEAT_SECONDS))
            self.beat()
        return stop.is_set()

    def connected(self) -> None:
        self.state, self.error = "running", ""
        self.beat()

    def disconnected(self, error: Exception) -> None:
        self.state, self.error = "reconnecting", repr(error)[:300]
        RECONNECTS.labels(self.service, self.role).inc()
        self.beat()

    @property
    def age(self) -> float:
        """Seconds since the last heartbeat."""
        return time.monotonic() - self.last

    @property
    def stuck(self) -> bool:
        return self.age > self.stuck_after

    def report(self) -> dict:
        return {
            "status": "stuck" if self.stuck else "ok",
            "service": self.service,
            "role": self.role,
            "state": self.state,
            "seconds_since_heartbeat": round(self.age, 3),
            "stuck_after_seconds": self.stuck_after,
            "error": self.error,
        }


class HealthServer:
    """``/healthz``, ``/readyz`` and ``/metrics`` of one worker, served from a daemon thread."""

    def __init__(self, heartbeat: Heartbeat, port: int, host: str = "0.0.0.0") -> None:
        self.heartbeat = heartbeat
        self.httpd = ThreadingHTTPServer((host, port), _handler_for(heartbeat))
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]

    def start(self) -> HealthServer:
        threading.Thread(target=self.httpd.serve_forever, name="health", daemon=True).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def serve_health(service: str, role: str) -> Heartbeat:
    """The heartbeat of this process's loop, served on ``DIALOG_HEALTH_PORT`` when it is set."""
    heartbeat = Heartbeat(service, role, env_int("DIALOG_STUCK_SECONDS", minimum=1))
    if env_str("DIALOG_HEALTH_PORT"):
        HealthServer(heartbeat, env_int("DIALOG_HEALTH_PORT", minimum=1)).start()
    return heartbeat


def _handler_for(heartbeat: Heartbeat) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/metrics":
                return self._send(200, exposition(), CONTENT_TYPE_LATEST)
            report = heartbeat.report()
            if path == "/healthz":
                status = 503 if heartbeat.stuck else 200
            elif path == "/readyz":
                status = 200 if heartbeat.state == "running" and not heartbeat.stuck else 503
            else:
                return self._send(404, b'{"status": "not found"}', "application/json")
            self._send(status, json.dumps(report).encode(), "application/json")

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args) -> None:
            pass  # probes every few seconds: not worth a log line each

    return Handler
