"""Fixtures of the end-to-end tests: all four services' apps on their own fresh databases."""

import threading
from contextlib import contextmanager

import pytest

from dialog_notifications.channels.email import EmlFolderChannel
from dialog_notifications.channels.sms import SmsLogChannel
from dialog_notifications.dispatch import Dispatcher
from dialog_platform.cli import service_handlers
from dialog_platform.config import SERVICES
from dialog_platform.messaging.connection import topology_for
from dialog_platform.messaging.consumer import MessageConsumer
from dialog_platform.messaging.relay import Relay


@pytest.fixture
def platform_apps(service_app):
    """service name -> Flask app, each on its own migrated PostgreSQL database, one broker
    namespace shared by all (as in production)."""
    return {service: service_app(service) for service in SERVICES}


@pytest.fixture
def dispatcher(tmp_path):
    """Notifications' dispatcher writing mails to ``tmp_path/mail`` and SMS to a log file."""
    return Dispatcher(
        EmlFolderChannel(tmp_path / "mail"),
        SmsLogChannel(tmp_path / "sms.log"),
        "Dialog <no-reply@dialog.example.org>",
        "https://notifications.dialog.example.org",
    )


@pytest.fixture
def running_workers(platform_apps):
    """``with running_workers(relays=[...], consumers=[...]):`` runs those services' relays and
    consumers in threads against their databases and the test's broker namespace."""
    return lambda relays=(), consumers=(): _running_workers(platform_apps, relays, consumers)


@contextmanager
def _running_workers(apps, relays, consumers):
    workers = []
    for service in relays:
        app = apps[service]
        settings = app.config["DIALOG_SETTINGS"]
        workers.append(
            Relay(app.extensions["dialog_db"], settings.amqp_url, topology_for(settings))
        )
    for service in consumers:
        app = apps[service]
        settings = app.config["DIALOG_SETTINGS"]
        handlers = service_handlers(f"dialog_{service}")
        workers.append(
            MessageConsumer(
                service,
                app.extensions["dialog_db"],
                handlers,
                settings.amqp_url,
                topology_for(settings),
            )
        )
    stop = threading.Event()
    threads = [threading.Thread(target=w.run, args=(stop,), daemon=True) for w in workers]
    for thread in threads:
        thread.start()
    try:
        yield
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=10)
    assert not any(thread.is_alive() for thread in threads), "workers must stop when asked"
