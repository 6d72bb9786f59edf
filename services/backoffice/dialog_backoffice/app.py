"""The back office's application: named steps, nothing connects at import time."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response, redirect, request, session, url_for

from dialog_platform.logging import configure_logging
from dialog_platform.web.metrics import init_metrics
from dialog_platform.web.security import register_security_headers

from .config import BackofficeSettings, load_settings
from .web import (
    audit,
    cases,
    deliveries,
    directory,
    events,
    exports,
    figures,
    health,
    home,
    participants,
    privacy,
    round_tables,
    signin,
)
from .web.csrf import check_csrf, csrf_token
from .web.errors import register_error_pages, service_name
from .web.i18n import register_i18n
from .web.identity import current_person
from .web.oidc import register_oidc
from .web.session import EncryptedCookieSessions

#: Where the pages live: the one-host setup sends everything else here (deploy/caddy).
PAGES = "/office"

#: Pages anyone may open: signing in, the style sheet, health checks and metrics (Prometheus
#: scrapes them, as it does every service's).
PUBLIC_ENDPOINTS = frozenset(
    {
        "signin.login",
        "signin.oidc_login",
        "signin.oidc_callback",
        "static",
        "health.healthz",
        "health.readyz",
        "metrics.metrics",
    }
)


def content_security_policy(settings: BackofficeSettings) -> str:
    """No script at all, styles and images from this site only, forms post back here (and to
    the provider's logout when signing out through it)."""
    form_targets = "'self'"
    if settings.oidc_issuer:
        issuer = urlsplit(settings.oidc_issuer)
        form_targets += f" {issuer.scheme}://{issuer.netloc}"
    return (
        "default-src 'none'; style-src 'self'; img-src 'self'; "
        f"form-action {form_targets}; frame-ancestors 'none'; base-uri 'none'"
    )


def register_config(app: Flask, settings: BackofficeSettings) -> None:
    app.config.update(
        BACKOFFICE_SETTINGS=settings,
        SECRET_KEY=settings.secret_key,  # Authlib's and flash()'s state live in the session
        MAX_CONTENT_LENGTH=256 * 1024,
    )
    configure_logging("backoffice", settings.log_level, settings.log_format)


def register_sessions(app: Flask, settings: BackofficeSettings) -> None:
    app.session_interface = EncryptedCookieSessions(settings.secret_key, settings.idle_minutes * 60)


def register_security(app: Flask, settings: BackofficeSettings) -> None:
    register_security_headers(app)  # first registered, last run: it keeps our policy
    policy = content_security_policy(settings)

    @app.after_request
    def _policy(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = policy
        if request.endpoint not in ("static",):
            response.headers["Cache-Control"] = "no-store"  # pages hold personal data
        return response


def register_guard(app: Flask) -> None:
    """Every page but the public ones needs a signed-in person; every POST its CSRF token."""

    @app.before_request
    def _signed_in():
        if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
            return None
        if current_person() is None:
            target = request.full_path if request.method == "GET" else request.path
            expired = 1 if session.expired else None  # type: ignore[attr-defined]
            return redirect(url_for("signin.login", next=target.rstrip("?"), expired=expired))
        return None

    app.before_request(check_csrf)


def register_templates(app: Flask) -> None:
    app.jinja_env.globals.update(
        csrf_token=csrf_token, current_person=current_person, service_name=service_name
    )
    app.jinja_env.filters["combine"] = lambda mapping, **more: {**mapping, **more}
    app.jinja_env.filters["service_label"] = service_name


def register_pages(app: Flask) -> None:
    """Every page under ``PAGES`` (so that on one host the public form keeps /events/...)."""
    for module in (
        signin,
        home,
        events,
        participants,
        round_tables,
        directory,
        cases,
        figures,
        privacy,
        deliveries,
        exports,
        audit,
    ):
        own = module.blueprint.url_prefix or ""
        app.register_blueprint(module.blueprint, url_prefix=f"{PAGES}{own}")
    app.register_blueprint(health.blueprint)
    init_metrics(app, "backoffice")

    @app.get("/")
    def _root():
        return redirect(url_for("home.index"))


def create_app(settings: BackofficeSettings | None = None) -> Flask:
    settings = settings or load_settings()
    app = Flask(
        __package__,
        template_folder="web/templates",
        static_folder="web/static",
        static_url_path=f"{PAGES}/static",
    )
    register_config(app, settings)
    register_sessions(app, settings)
    register_security(app, settings)
    register_i18n(app)
    register_oidc(app, settings)
    register_guard(app)
    register_templates(app)
    register_pages(app)
    register_error_pages(app)
    return app
