"""Fixtures of the back office's tests: the four services' real apps (each on its own fresh
PostgreSQL database, served over HTTP in a thread), messages carried between them the way the
consumers would, and the back office in front of them with local accounts."""

from __future__ import annotations

import importlib
import re
import shutil
import threading
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests
from werkzeug.serving import make_server

from dialog_backoffice.accounts import Accounts
from dialog_backoffice.app import create_app
from dialog_backoffice.config import API_SERVICES, BackofficeSettings
from dialog_platform.messaging.topology import SUBSCRIPTIONS
from dialog_platform.testing.messages import deliver, outbox_messages
from dialog_platform.testing.plugin import TEST_JWT_SECRET

PASSWORD = "a-long-test-password"
#: The people of the tests: account name -> roles.
PEOPLE = {"amira": ("admin",), "sven": ("staff",), "mia": ("mediator",), "max": ("mediator",)}
#: The settings of signing in with local accounts only: no OIDC provider, and tokens that name
#: no issuer and no audience.
LOCAL_ACCOUNTS_ONLY = dict.fromkeys(
    ("jwt_issuer", "jwt_audience", "oidc_issuer", "oidc_client_id", "oidc_client_secret")
)


class Served:
    """A WSGI app on 127.0.0.1 (a free port) in a thread."""

    def __init__(self, app) -> None:
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)


class Platform:
    """The four services, and ``carry()``: every message in their outboxes handed to the
    services subscribed to it, once (what relay and consumers do in a real run)."""

    def __init__(self, apps: dict) -> None:
        self.apps = apps
        self.served = {service: Served(app) for service, app in apps.items()}
        self.carried: set[tuple[str, str]] = set()

    def url(self, service: str) -> str:
        return self.served[service].url

    def carry(self) -> None:
        for _round in range(3):  # a handler may write messages of its own
            for app in self.apps.values():
                for message in outbox_messages(app.extensions["dialog_db"]):
                    for target in API_SERVICES:
                        key = (target, message["id"])
                        if message["type"] in SUBSCRIPTIONS[target] and key not in self.carried:
                            self.carried.add(key)
                            handlers = importlib.import_module(
                                f"dialog_{target}.messaging.handlers"
                            ).HANDLERS
                            deliver(
                                self.apps[target].extensions["dialog_db"],
                                handlers,
                                message["type"],
                                message["data"],
                                consumer=target,
                            )

    def stop(self) -> None:
        for served in self.served.values():
            served.stop()


@pytest.fixture
def platform(service_app, monkeypatch):
    monkeypatch.setenv("REGISTRATIONS_SIGNUP_LIMIT", "100000")
    apps = {service: service_app(service) for service in API_SERVICES}
    running = Platform(apps)
    yield running
    running.stop()


def backoffice_settings(tmp_path: Path, urls: dict[str, str]) -> BackofficeSettings:
    return BackofficeSettings(
        env="embedded",
        data_dir=tmp_path,
        secret_key="test-backoffice-secret-that-is-long-enough",
        idle_minutes=30,
        accounts_file=tmp_path / "backoffice-accounts.json",
        api_urls=urls,
        api_timeout=5.0,
        jwt_secret=TEST_JWT_SECRET,
        **LOCAL_ACCOUNTS_ONLY,
        oidc_roles={"admin": "admin", "staff": "staff", "mediator": "mediator"},
        log_level="INFO",
        log_format="json",
    )


@pytest.fixture(scope="session")
def people_file(tmp_path_factory) -> Path:
    """The accounts of PEOPLE, hashed once for the whole run (Argon2 is slow on purpose)."""
    path = tmp_path_factory.mktemp("accounts") / "backoffice-accounts.json"
    accounts = Accounts(path)
    for name, roles in PEOPLE.items():
        accounts.add(name, roles, password=PASSWORD, display_name=name.title())
    return path


def add_people(settings: BackofficeSettings, people_file: Path) -> None:
    shutil.copy(people_file, settings.accounts_file)


@pytest.fixture
def backoffice(platform, tmp_path, people_file):
    """The back office's app, calling the four running services."""
    settings = backoffice_settings(tmp_path, {s: platform.url(s) for s in API_SERVICES})
    add_people(settings, people_file)
    return create_app(settings)


@pytest.fixture
def lone_backoffice(tmp_path, people_file):
    """The back office with no service running behind it (every port refuses)."""
    dead = {service: "http://127.0.0.1:9" for service in API_SERVICES}
    settings = backoffice_settings(tmp_path, dead)
    add_people(settings, people_file)
    return create_app(settings)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def signed_in(app, name: str):
    """A test client with ``name`` signed in (through the sign-in form)."""
    client = app.test_client()
    page = client.get("/office/signin?lang=en").get_data(as_text=True)
    answer = client.post(
        "/office/signin", data={"csrf_token": csrf_of(page), "name": name, "password": PASSWORD}
    )
    assert answer.status_code == 302, answer.get_data(as_text=True)
    return client


def post_form(client, page_url: str, action: str, **form):
    """Open ``page_url`` (for its CSRF token) and post ``form`` to ``action``."""
    page = client.get(page_url).get_data(as_text=True)
    return client.post(action, data={"csrf_token": csrf_of(page)} | form)


@pytest.fixture
def as_person(backoffice):
    return lambda name: signed_in(backoffice, name)


def starting_soon() -> dict[str, str]:
    """Form values of an event that starts in half an hour (Berlin time): check-in is open
    from an hour before the start until the end of the event's day."""
    starts = datetime.now(ZoneInfo("Europe/Berlin")) + timedelta(minutes=30)
    ends = starts + timedelta(hours=2)
    return {"starts_at": f"{starts:%Y-%m-%dT%H:%M}", "ends_at": f"{ends:%Y-%m-%dT%H:%M}"}


def open_case(mediation_url: str, token: str, title: str) -> str:
    """A case opened at the mediation service with ``token`` (its mediator is the subject)."""
    answer = requests.post(
        f"{mediation_url}/api/v1/cases",
        json={
            "title": title,
            "category": "rooms_and_resources",
            "requester_name": "Cemevi Köln",
            "requester_channel": "phone",
        },
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()["id"]
