"""Web building blocks every service uses: the app factory, errors, health, metrics; and the
settings of the app serving the current request."""

from __future__ import annotations

from flask import current_app

from ..config import Settings


def current_settings() -> Settings:
    """The settings of the app serving this request (its service's settings class)."""
    return current_app.config["DIALOG_SETTINGS"]
