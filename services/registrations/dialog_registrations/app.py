"""The registrations service's application: the platform's factory with this service's parts,
plus its public web pages and the sign-up rate limit."""

from __future__ import annotations

from flask import Flask

from dialog_platform.web.app import create_service_app

from .api import invitations, privacy, public, report, staff
from .config import RegistrationsSettings, load_settings
from .domain.errors import ERROR_TABLE
from .ratelimit import RateLimiter
from .web import subscriptions, views
from .web.i18n import register_i18n
from .web.pages import register_page_errors


def register_rate_limit(app: Flask, settings: RegistrationsSettings) -> None:
    app.extensions["registrations_rate_limiter"] = RateLimiter(
        settings.link_secret,
        settings.signup_limit_per_hour,
        settings.trusted_proxies,
    )


def register_web_pages(app: Flask, _settings: RegistrationsSettings) -> None:
    register_i18n(app)
    app.register_blueprint(views.blueprint)
    app.register_blueprint(subscriptions.blueprint)
    register_page_errors(app)


def create_app(settings: RegistrationsSettings | None = None) -> Flask:
    steps = [register_rate_limit, register_web_pages]
    return create_service_app(
        __package__,
        settings or load_settings(),
        [public.blp, staff.blp, invitations.blp, privacy.blp, report.blp],
        ERROR_TABLE,
        steps,
    )
