"""Issue 15: the sign-up limit counts the client behind trusted proxies only, in the database
that every web process shares (429 with Retry-After and a sentence); expire-holds runs as a
periodic role that outlives a database outage."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import select

from dialog_platform.clock import utc_now
from dialog_platform.testing import wait_for
from dialog_platform.testing.resources import database_outage
from dialog_registrations.models import Registration
from dialog_registrations.operations.signup import Applicant, sign_up
from dialog_registrations.ratelimit import count_attempt

from ..conftest import _deliver, event_data

LIMIT = 60


def _apps(service_app, monkeypatch, trusted: str):
    monkeypatch.setenv("REGISTRATIONS_SIGNUP_LIMIT", str(LIMIT))
    monkeypatch.setenv("REGISTRATIONS_TRUSTED_PROXIES", trusted)
    first = service_app("registrations")
    from dialog_registrations.app import create_app

    second = create_app()  # a second web process on the same database
    data = event_data(capacity=500)
    _deliver(first, "events.event.published", data)
    return first, second, data["event_id"]


def _sign_up(app, event_id, n: int, remote: str, forwarded: str | None = None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return app.test_client().post(
        f"/api/v1/public/events/{event_id}/registrations",
        json={"name": f"Person {n}", "email": f"p{n}@example.org", "consent": True},
        headers=headers,
        environ_base={"REMOTE_ADDR": remote},
    )


def test_through_a_trusted_proxy_each_client_has_its_own_budget(service_app, monkeypatch):
    first, second, event_id = _apps(service_app, monkeypatch, "10.0.0.0/8")
    answers = [
        _sign_up((first, second)[n % 2], event_id, n, "10.0.0.5", f"198.51.100.{n}")
        for n in range(LIMIT + 1)
    ]
    assert [a.status_code for a in answers] == [201] * (LIMIT + 1)
    second.extensions["dialog_db"].dispose()


def test_one_address_over_two_web_processes_is_refused_at_the_61st(service_app, monkeypatch):
    first, second, event_id = _apps(service_app, monkeypatch, "1")
    # Behind one trusted proxy: the address it saw counts, whatever the client put before it.
    answers = [
        _sign_up((first, second)[n % 2], event_id, n, "10.0.0.5", f"1.2.3.{n}, 203.0.113.7")
        for n in range(LIMIT + 1)
    ]
    assert [a.status_code for a in answers[:LIMIT]] == [201] * LIMIT
    refused = answers[LIMIT]
    assert refused.status_code == 429 and refused.json["code"] == "too_many_requests"
    assert 3500 <= int(refused.headers["Retry-After"]) <= 3600
    assert "wait a while" in refused.json["message"]
    client = first.test_client()
    page = client.get(f"/events/{event_id}?lang=de")
    token = page.get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    refused_page = client.post(
        f"/events/{event_id}?lang=de",
        data={"name": "X", "email": "x@example.org", "consent": "true", "csrf_token": token},
        headers={"X-Forwarded-For": "203.0.113.7"},
        environ_base={"REMOTE_ADDR": "10.0.0.5"},
    )
    assert refused_page.status_code == 429 and "Retry-After" in refused_page.headers
    assert "Zu viele Anmeldungen" in refused_page.get_data(as_text=True)
    second.extensions["dialog_db"].dispose()


def test_the_shared_counter_counts_per_address_and_window(registrations_app):
    db = registrations_app.extensions["dialog_db"]
    start = utc_now()
    with db.sessions() as session:
        counts = [
            count_attempt(session, "a" * 64, start + timedelta(seconds=n))[0] for n in range(3)
        ]
        assert counts == [1, 2, 3]
        assert count_attempt(session, "b" * 64, start)[0] == 1
        assert count_attempt(session, "a" * 64, start + timedelta(hours=1, seconds=1))[0] == 1


def test_the_count_is_committed_before_the_sign_up_on_its_one_connection(service_app, monkeypatch):
    """The count commits on its own first (a sign-up that then fails still counts), on the
    connection the sign-up goes on with: one checkout from the pool per request."""
    monkeypatch.setenv("REGISTRATIONS_SIGNUP_LIMIT", "2")
    app = service_app("registrations")
    data = event_data(capacity=5)
    _deliver(app, "events.event.published", data)
    engine = app.extensions["dialog_db"].engine
    checkouts = []

    def count_checkout(*_args) -> None:
        checkouts.append(1)

    sqlalchemy_event.listen(engine, "checkout", count_checkout)
    try:
        missing = _sign_up(app, uuid.uuid4(), 1, "192.0.2.9")
        seated = _sign_up(app, data["event_id"], 2, "192.0.2.9")
        refused = _sign_up(app, data["event_id"], 3, "192.0.2.9")
    finally:
        sqlalchemy_event.remove(engine, "checkout", count_checkout)
    assert [missing.status_code, seated.status_code, refused.status_code] == [404, 201, 429]
    assert len(checkouts) == 3


def _hold_run_out(db, event_id, email: str):
    past = utc_now() - timedelta(hours=49)
    person = Applicant(name="Held", email=email, language="de", consent=True)
    with db.transaction() as session:
        return sign_up(session, event_id, person, source="api", now=past).registration.id


def _status(db, registration_id) -> str:
    with db.transaction() as session:
        return session.scalar(select(Registration.status).where(Registration.id == registration_id))


class Role:
    """``dialog-registrations <role> --every 0.2`` as its own process, its output collected."""

    def __init__(self, *args: str) -> None:
        script = Path(sys.executable).parent / "dialog-registrations"
        self.process = subprocess.Popen(
            [str(script), *args, "--every", "0.2"],
            env=os.environ.copy(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line)

    def said(self, text: str) -> int:
        return sum(text in line for line in self.lines)

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.reader.join(timeout=10)
        self.process.stdout.close()
        return self.process.returncode


def _outlive_an_outage(db, role: Role, working) -> None:
    """``working()`` true before, the role alive through the outage, true again after."""
    try:
        wait_for(working, timeout=180, what="the role working")
        with database_outage(db.url):
            wait_for(lambda: role.said("reconnecting") >= 2, timeout=60, what="outage attempts")
            assert role.alive(), "the role died in the outage"
    except BaseException:
        role.stop()
        raise


def test_expire_holds_outlives_a_database_outage(registrations_app):
    db = registrations_app.extensions["dialog_db"]
    data = event_data(capacity=5, requires_email_confirmation=True)
    _deliver(registrations_app, "events.event.published", data)
    role = Role("expire-holds")
    first = _hold_run_out(db, data["event_id"], "a@example.org")
    _outlive_an_outage(db, role, lambda: _status(db, first) == "expired")
    try:
        second = _hold_run_out(db, data["event_id"], "b@example.org")
        wait_for(lambda: _status(db, second) == "expired", timeout=60, what="working again")
        assert role.alive()
    finally:
        code = role.stop()
    assert code == 0


def test_retain_outlives_a_database_outage(registrations_app):
    db = registrations_app.extensions["dialog_db"]
    role = Role("retain")
    _outlive_an_outage(db, role, lambda: role.said("registrations: retention") >= 1)
    try:
        after = role.said("registrations: retention")
        wait_for(lambda: role.said("registrations: retention") > after, timeout=60, what="again")
        assert role.alive()
    finally:
        code = role.stop()
    assert code == 0
