"""Docker HEALTHCHECK of a Dialog service image: ``GET /healthz`` when the container runs the
web role. Relay, consume and migrate serve no HTTP and count as healthy while their process runs.
Kubernetes ignores this and uses its own probes (deploy/k8s/)."""

import os
import sys
import urllib.request

from dialog_platform.config import DEFAULT_PORTS

with open("/proc/1/cmdline", "rb") as handle:
    if b"web" not in handle.read().split(b"\0"):
        sys.exit(0)

port = os.environ.get("PORT") or DEFAULT_PORTS[os.environ["DIALOG_SERVICE"]]
try:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except Exception as exc:
    print(f"GET /healthz on port {port}: {exc}", file=sys.stderr)
    sys.exit(1)
