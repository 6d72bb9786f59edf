"""The Prometheus text exposition of this process's metrics, or of every process sharing
``PROMETHEUS_MULTIPROC_DIR`` (gunicorn's workers): what web and worker ``/metrics`` answer."""

from __future__ import annotations

import os

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest, multiprocess


def exposition() -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)
