"""Liveness (``/healthz``: the process answers) and readiness (``/readyz``: its database and
broker are reachable)."""

from __future__ import annotations

from flask import Blueprint, jsonify

from ..auth import public
from ..db import current_database
from ..messaging.connection import connect
from . import current_settings

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
@public
def healthz():
    return jsonify(status="ok", service=current_settings().service)


@blueprint.get("/readyz")
@public
def readyz():
    checks: dict[str, str] = {}
    try:
        current_database().ping()
        checks["database"] = "ok"
    except Exception as exc:
        checks["database"] = f"unreachable: {type(exc).__name__}"
    try:
        with connect(current_settings().amqp_url) as connection:
            connection.default_channel  # noqa: B018 - opening a channel proves the broker answers
        checks["broker"] = "ok"
    except Exception as exc:
        checks["broker"] = f"unreachable: {type(exc).__name__}"
    ready = all(value == "ok" for value in checks.values())
    response = jsonify(status="ready" if ready else "not ready", checks=checks)
    response.status_code = 200 if ready else 503
    return response
