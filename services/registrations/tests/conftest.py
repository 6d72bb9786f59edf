"""Fixtures of the registrations service's tests: the app on a fresh, migrated database."""

import pytest

from dialog_platform.migrations import upgrade


@pytest.fixture
def registrations_app(service_env):
    from dialog_registrations.app import create_app

    upgrade("dialog_registrations", service_env("registrations"))
    app = create_app()
    yield app
    app.extensions["dialog_db"].dispose()
