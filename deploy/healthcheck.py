"""Docker HEALTHCHECK of a Dialog service image: ``GET /healthz`` of the web role on its port,
or of a worker role (relay, consume, schedule, expire-holds, retain) on ``DIALOG_HEALTH_PORT``,
where it answers 503 once the worker's loop is stuck. One-shot commands (migrate, the broker
set-up) count as healthy while they run. Kubernetes ignores this and probes by itself."""

import os
import sys
import urllib.request

from dialog_platform.config import DEFAULT_PORTS

WORKER_ROLES = {b"relay", b"consume", b"schedule", b"expire-holds", b"retain"}

with open("/proc/1/cmdline", "rb") as handle:
    arguments = set(handle.read().split(b"\0"))

if b"web" in arguments:
    port = os.environ.get("PORT") or DEFAULT_PORTS[os.environ["DIALOG_SERVICE"]]
elif arguments & WORKER_ROLES and os.environ.get("DIALOG_HEALTH_PORT"):
    port = os.environ["DIALOG_HEALTH_PORT"]
else:
    sys.exit(0)
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except Exception as exc:
    print(f"GET /healthz on port {port}: {exc}", file=sys.stderr)
    sys.exit(1)
