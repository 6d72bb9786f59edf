"""The named steps every service's ``create_app`` runs. Nothing here connects at import time."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable

import swagger_ui_bundle
from flask import Blueprint, Flask, g, request, send_from_directory
from flask_smorest import Api

from .. import auth
from ..config import Settings
from ..db import Database
from ..logging import bind_correlation, configure_logging, get_logger
from . import errors, health, metrics

log = get_logger("dialog.access")

#: Blueprints that serve infrastructure, reachable without a token.
PUBLIC_BLUEPRINTS = frozenset({"api-docs", "docs-assets"})


def register_config(app: Flask, settings: Settings, title: str, description: str) -> None:
    app.config.update(
        DIALOG_SERVICE=settings.service,
        DIALOG_SETTINGS=settings,
        DIALOG_AMQP_URL=settings.amqp_url,
        JSON_SORT_KEYS=False,
        MAX_CONTENT_LENGTH=1 * 1024 * 1024,
        API_TITLE=title,
        API_VERSION="1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="/docs/assets/",
        API_SPEC_OPTIONS={
            "info": {"description": description},
            "components": {
                "securitySchemes": {
                    "staffToken": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
                }
            },
            "security": [{"staffToken": []}],
        },
    )


def register_logging(settings: Settings) -> None:
    configure_logging(settings.service, settings.log_level, settings.log_format)


def register_request_context(app: Flask) -> None:
    """Request id and correlation id: taken from the caller's headers or made, logged, echoed."""

    @app.before_request
    def _bind_ids():
        g.request_id = request.headers.get("X-Request-ID") or str(uuid.uuid4())
        g.correlation_id = bind_correlation(
            request.headers.get("X-Correlation-ID") or g.request_id, request_id=g.request_id
        )
        g.request_started = time.perf_counter()

    @app.after_request
    def _echo_ids(response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
        response.headers["X-Correlation-ID"] = g.get("correlation_id", "")
        started = g.get("request_started")
        log.info(
            "request",
            method=request.method,
            path=request.path,
            status=response.status_code,
            ms=round((time.perf_counter() - started) * 1000, 1) if started else None,
        )
        return response


def register_database(app: Flask, settings: Settings) -> Database:
    db = Database(settings.database_url)
    db.init_app(app)
    return db


def register_auth(app: Flask, settings: Settings) -> None:
    auth.init_auth(app, settings, public_blueprints=PUBLIC_BLUEPRINTS)


def register_api(app: Flask, blueprints: Iterable[Blueprint]) -> Api:
    api = Api(app)
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    app.register_blueprint(_docs_assets())
    return api


def register_errors(app: Flask, error_table=None) -> None:
    """After the Api: its own HTTPException handler is replaced by the platform's shape."""
    errors.register_error_handlers(app, error_table)


def register_health_and_metrics(app: Flask, settings: Settings) -> None:
    app.register_blueprint(health.blueprint)
    metrics.init_metrics(app, settings.service)


def _docs_assets() -> Blueprint:
    """Swagger UI's files served from the installed package: the docs page needs no CDN."""
    blueprint = Blueprint("docs-assets", __name__)

    @blueprint.get("/docs/assets/<path:filename>")
    def asset(filename: str):
        return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename)

    return blueprint
