"""The registrations service's application factory: a list of named steps."""

from __future__ import annotations

from flask import Flask

from dialog_platform.config import Settings
from dialog_platform.web import app as steps

from .api import public, staff
from .config import load_settings, registrations_config
from .domain.errors import ERROR_TABLE
from .ratelimit import RateLimiter
from .web import views
from .web.i18n import register_i18n


def register_rate_limit(app: Flask) -> None:
    limit = registrations_config().signup_limit_per_hour
    app.extensions["registrations_rate_limiter"] = RateLimiter(limit)


def register_web_pages(app: Flask) -> None:
    register_i18n(app)
    app.register_blueprint(views.blueprint)


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or load_settings()
    app = Flask(__name__)
    steps.register_config(
        app,
        settings,
        title="Dialog registrations",
        description="Sign-ups, seats and waiting lists.",
    )
    steps.register_logging(settings)
    steps.register_request_context(app)
    steps.register_health_and_metrics(app, settings)
    steps.register_auth(app, settings)
    steps.register_database(app, settings)
    register_rate_limit(app)
    steps.register_api(app, [public.blp, staff.blp])
    register_web_pages(app)
    steps.register_errors(app, ERROR_TABLE)
    return app
