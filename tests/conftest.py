"""Fixtures of the end-to-end tests: all four services' apps on their own fresh databases."""

import pytest

from dialog_platform.config import SERVICES
from dialog_platform.migrations import upgrade


@pytest.fixture
def platform_apps(service_env):
    """service name -> Flask app, each on its own migrated PostgreSQL database, one broker
    namespace shared by all (as in production)."""
    import importlib

    apps = {}
    for service in SERVICES:
        upgrade(f"dialog_{service}", service_env(service))
        apps[service] = importlib.import_module(f"dialog_{service}.app").create_app()
    yield apps
    for app in apps.values():
        app.extensions["dialog_db"].dispose()
