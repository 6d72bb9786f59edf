"""Prometheus metrics: request counts and durations per route, served at ``/metrics``.

Under gunicorn with several workers set ``PROMETHEUS_MULTIPROC_DIR`` (an empty folder per
container): prometheus-client then aggregates what every worker recorded.
"""

from __future__ import annotations

import time

from flask import Blueprint, Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    Counter,
    Histogram,
)

from ..auth import public
from ..prometheus import exposition

REQUESTS = Counter(
    "dialog_http_requests_total", "HTTP requests answered", ["service", "method", "route", "status"]
)
DURATION = Histogram(
    "dialog_http_request_duration_seconds", "Time to answer an HTTP request", ["service", "route"]
)

blueprint = Blueprint("metrics", __name__)


@blueprint.get("/metrics")
@public
def metrics():
    return Response(exposition(), content_type=CONTENT_TYPE_LATEST)  # has its charset


def init_metrics(app: Flask, service: str) -> None:
    @app.before_request
    def _start_timer():
        g.dialog_started = time.perf_counter()

    @app.after_request
    def _record(response):
        route = request.url_rule.rule if request.url_rule else "unmatched"
        REQUESTS.labels(service, request.method, route, response.status_code).inc()
        started = g.get("dialog_started")
        if started is not None:
            DURATION.labels(service, route).observe(time.perf_counter() - started)
        return response

    app.register_blueprint(blueprint)
