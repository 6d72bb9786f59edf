"""``/healthz`` and ``/readyz``: the process answers. The back office has no database or broker
of its own; a service it calls being down shows on the pages, not here."""

from __future__ import annotations

from flask import Blueprint, jsonify

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz():
    return jsonify(status="ok", service="backoffice")


@blueprint.get("/readyz")
def readyz():
    return jsonify(status="ready", service="backoffice")
