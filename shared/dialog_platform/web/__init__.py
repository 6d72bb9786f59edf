"""Web building blocks every service uses: the app factory, errors, health, metrics; the
settings of the app serving the current request, and the blueprint of a part of its API."""

from __future__ import annotations

from flask import current_app

from ..config import Settings
from .blueprint import ApiBlueprint


def current_settings() -> Settings:
    """The settings of the app serving this request (its service's settings class)."""
    return current_app.config["DIALOG_SETTINGS"]


#: Where every service's API is served, the version in its path.
API_PREFIX = "/api/v1"


def api_blueprint(name: str, path: str, description: str) -> ApiBlueprint:
    """A part of a service's API at ``path`` below ``API_PREFIX``; ``name`` and ``description``
    are its tag in the OpenAPI document; its routes declare their operations with
    ``ApiBlueprint.operation``."""
    return ApiBlueprint(name, __name__, url_prefix=API_PREFIX + path, description=description)
