"""Fixtures of the events service's tests: the app on a fresh, migrated PostgreSQL database."""

import pytest

from dialog_platform.migrations import upgrade


@pytest.fixture
def events_app(service_env):
    from dialog_events.app import create_app

    upgrade("dialog_events", service_env("events"))
    app = create_app()
    yield app
    app.extensions["dialog_db"].dispose()


@pytest.fixture
def client(events_app):
    return events_app.test_client()
