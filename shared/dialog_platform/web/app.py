"""Every service's application factory: ``create_service_app`` runs the same named steps in the
same order, with the service's parts (blueprints, error table, extra steps) as arguments.
Nothing here connects at import time."""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import swagger_ui_bundle
from flask import Blueprint, Flask, g, request, send_from_directory

from .. import auth
from ..config import Settings
from ..db import Database
from ..errors import ErrorTable
from ..logging import REDACTED, bind_correlation, configure_logging, get_logger
from . import errors, health, metrics
from .guard import register_input_guard
from .openapi import DialogApi, ErrorResponsesPlugin
from .security import register_security_headers

log = get_logger("dialog.access")

STATIC = Path(__file__).parent / "static"

#: Blueprints that serve infrastructure, reachable without a token.
PUBLIC_BLUEPRINTS = frozenset({"api-docs", "docs-assets"})


#: A step a service adds to the common ones: called with the app and its settings.
Step = Callable[[Flask, Settings], None]


def create_service_app(
    package: str,
    settings: Settings,
    blueprints: Sequence[Blueprint],
    error_table: ErrorTable | None = None,
    extra_steps: Sequence[Step] = (),
) -> Flask:
    """A service's Flask app: ``package`` is its import name (templates and translations are
    found beside it; its docstring describes the API); ``extra_steps`` run after the API is
    registered."""
    app = Flask(package)
    description = (sys.modules[package].__doc__ or "").strip()
    register_config(app, settings, f"Dialog {settings.service}", description)
    register_logging(settings)
    register_request_context(app)
    register_security_headers(app)
    register_input_guard(app)
    register_health_and_metrics(app, settings)
    register_auth(app, settings)
    register_database(app, settings)
    register_api(app, blueprints, error_table)
    for step in extra_steps:
        step(app, settings)
    register_errors(app, error_table)
    return app


def register_config(app: Flask, settings: Settings, title: str, description: str) -> None:
    app.config.update(
        DIALOG_SETTINGS=settings,
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
            path=_loggable_path(),
            status=response.status_code,
            ms=round((time.perf_counter() - started) * 1000, 1) if started else None,
        )
        return response


def _loggable_path() -> str:
    """The request's path with every token of its route (a link's credential) replaced."""
    path = request.path
    for name, value in (request.view_args or {}).items():
        if "token" in name and isinstance(value, str) and value:
            path = path.replace(value, REDACTED)
    return path


def register_database(app: Flask, settings: Settings) -> Database:
    db = Database.of(settings)
    db.init_app(app)
    return db


def register_auth(app: Flask, settings: Settings) -> None:
    auth.init_auth(app, settings, public_blueprints=PUBLIC_BLUEPRINTS)


def register_api(
    app: Flask,
    blueprints: Iterable[Blueprint],
    error_table: ErrorTable | None = None,
) -> DialogApi:
    """The OpenAPI document lists on every operation the errors it can answer and whether it
    needs a staff token (web/openapi.py), the error table's statuses included."""
    app.register_blueprint(_docs_assets())  # first: its docs page template wins over smorest's
    statuses = [status for status, _code in (error_table or {}).values()]
    api = DialogApi(app, spec_kwargs={"extra_plugins": [ErrorResponsesPlugin(app, statuses)]})
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    return api


def register_errors(app: Flask, error_table: ErrorTable | None = None) -> None:
    """After the Api: its own HTTPException handler is replaced by the platform's shape."""
    errors.register_error_handlers(app, error_table)


def register_health_and_metrics(app: Flask, settings: Settings) -> None:
    app.register_blueprint(health.blueprint)
    metrics.init_metrics(app, settings.service)


def _docs_assets() -> Blueprint:
    """Swagger UI's files served from the installed package (the docs page needs no CDN), and
    the docs page's own template and start script (no inline script: see web/security.py)."""
    blueprint = Blueprint("docs-assets", __name__, template_folder="templates")

    @blueprint.get("/docs/assets/<path:filename>")
    def asset(filename: str):
        return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename)

    @blueprint.get("/docs/start.js")
    def start_script():
        return send_from_directory(STATIC, "start.js")

    return blueprint
