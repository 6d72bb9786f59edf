"""The mediation service's application (the platform's factory with this service's parts)."""

from __future__ import annotations

from flask import Flask

from dialog_platform.web.app import create_service_app

from .api import cases, casework, oversight
from .config import MediationSettings, load_settings
from .domain.errors import ERROR_TABLE


def create_app(settings: MediationSettings | None = None) -> Flask:
    blueprints = [cases.blp, casework.blp, oversight.blp]
    return create_service_app(__package__, settings or load_settings(), blueprints, ERROR_TABLE)
