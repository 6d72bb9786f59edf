"""The scheduler and retention roles (``dialog-notifications schedule`` / ``retain --every``) as
real processes on PostgreSQL, with the broker unreachable all along (neither needs it): they wait
out a database outage and work again after it in the same process; the scheduler's heartbeat
beats per delivery, so a batch longer than the stuck bound is not "stuck"; /metrics counts the
mails sent. Production refuses to start without NOTIFICATIONS_PUBLIC_URL."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from dialog_notifications.config import NotificationsSettings
from dialog_notifications.models import Delivery, DeliveryStatus
from dialog_notifications.testing import due_reminders
from dialog_platform.config import ConfigurationError
from dialog_platform.testing import wait_for
from dialog_platform.testing.processes import RoleProcess
from dialog_platform.testing.resources import database_outage

STUCK_SECONDS = 2
PATIENCE = 120


class Slowly:
    """The test server's mailbox taking 50 ms per mail: a batch of 100 lasts longer than the
    stuck bound."""

    def __init__(self, mailbox) -> None:
        self.mailbox = mailbox

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(0.05)
        return await self.mailbox.handle_DATA(server, session, envelope)


class Role(RoleProcess):
    """``dialog-notifications <args>`` in its own process, its health port on this machine."""

    def __init__(self, args: list[str], env: dict, log_path) -> None:
        super().__init__("notifications", args, env, log_path)

    def state(self) -> str:
        status, body = self.get("/healthz")
        return json.loads(body)["state"] if status == 200 else f"healthz {status}"


def _sent(db) -> int:
    with db.transaction() as session:
        return session.scalar(
            select(func.count()).select_from(Delivery).where(Delivery.status == DeliveryStatus.SENT)
        )


def test_scheduler_and_retention_outlive_a_database_outage(db, smtp_server, tmp_path):
    mailbox = smtp_server.mailbox
    smtp_server.stop()
    smtp_server.mailbox = Slowly(mailbox)
    smtp_server.start()
    env = smtp_server.process_env(
        AMQP_URL="amqp://guest:guest@127.0.0.1:1/",  # the broker is down all along
        DIALOG_STUCK_SECONDS=str(STUCK_SECONDS),
        LOG_FORMAT="console",
    )
    schedule = Role(["schedule"], env, tmp_path / "schedule.log")
    retain = Role(["retain", "--every", "0.2"], env, tmp_path / "retain.log")
    try:
        for role in (schedule, retain):
            wait_for(lambda r=role: r.state() == "running", timeout=PATIENCE, what="running")

        due_reminders(
            db, 100, datetime.now(UTC)
        )  # one batch of 100 at 50 ms a mail: longer than STUCK_SECONDS
        seen = []
        wait_for(
            lambda: seen.append(schedule.get("/healthz")[0]) or _sent(db) == 100,
            timeout=PATIENCE,
            interval=0.1,
            what="the first 100 mails",
        )
        assert set(seen) == {200}, seen  # never stuck while it sends
        assert schedule.metric("dialog_deliveries_sent_total") == 100

        url = db.url
        with database_outage(url):
            for role in (schedule, retain):
                wait_for(lambda r=role: r.state() == "reconnecting", timeout=PATIENCE)
                assert role.get("/readyz")[0] == 503 and role.process.poll() is None

        for role in (schedule, retain):
            wait_for(lambda r=role: r.state() == "running", timeout=PATIENCE, what="back")
        due_reminders(db, 20, datetime.now(UTC))
        wait_for(lambda: _sent(db) == 120, timeout=PATIENCE, interval=0.1, what="20 more mails")
        assert schedule.metric("dialog_deliveries_sent_total") == 120
        assert len(mailbox.messages) == 120
        assert schedule.process.poll() is None and retain.process.poll() is None
    finally:
        codes = [role.stop() for role in (schedule, retain)]
        for role in (schedule, retain):  # shown by pytest when the test failed
            print(f"--- {role.log_path.name} ---\n{role.log_path.read_text()[-3000:]}")
    assert codes == [0, 0]


def test_production_needs_the_public_url(service_env, monkeypatch):
    service_env("notifications")
    assert NotificationsSettings.from_env().public_url == "http://notifications.test"
    monkeypatch.delenv("NOTIFICATIONS_PUBLIC_URL")
    with pytest.raises(ConfigurationError, match="NOTIFICATIONS_PUBLIC_URL"):
        NotificationsSettings.from_env()
    monkeypatch.setenv("DIALOG_ENV", "embedded")
    assert NotificationsSettings.from_env().public_url == "http://127.0.0.1:8003"
