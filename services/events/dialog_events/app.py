"""The events service's application factory: a list of named steps."""

from __future__ import annotations

from flask import Flask

from dialog_platform.config import Settings
from dialog_platform.web import app as steps

from .api import organisations, public, round_tables, staff
from .config import load_settings
from .domain.errors import ERROR_TABLE


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or load_settings()
    app = Flask(__name__)
    steps.register_config(
        app, settings, title="Dialog events", description="Events, round tables and organisations."
    )
    steps.register_logging(settings)
    steps.register_request_context(app)
    steps.register_health_and_metrics(app, settings)
    steps.register_auth(app, settings)
    steps.register_database(app, settings)
    steps.register_api(app, [staff.blp, public.blp, round_tables.blp, organisations.blp])
    steps.register_errors(app, ERROR_TABLE)
    return app
