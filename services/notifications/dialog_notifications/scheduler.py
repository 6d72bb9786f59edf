"""The service's timed processes: the scheduler (``dialog-notifications schedule``) sends due
messages and reminders until stopped, several may run at once (see dispatch.py); retention
(``dialog-notifications retain``) forgets what is past its period."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from dialog_platform.clock import utc_now
from dialog_platform.db import Database
from dialog_platform.logging import configure_logging, get_logger

from .channels.email import EmlFolderChannel, SmtpChannel
from .channels.sms import SmsLogChannel, TwilioChannel
from .config import NotificationsSettings
from .dispatch import Dispatcher
from .operations.retention import apply_retention

if TYPE_CHECKING:
    from dialog_platform.workers_health import Heartbeat

log = get_logger(__name__)

#: Seconds the scheduler waits before it looks again when nothing more was due.
IDLE_SECONDS = 1.0


def build_dispatcher(
    settings: NotificationsSettings, heartbeat: Callable[[], None] | None = None
) -> Dispatcher:
    """The channels the settings name: SMTP or a folder of .eml files, the SMS provider or a
    log file; ``heartbeat`` is beaten before each delivery."""
    return Dispatcher(
        _email_channel(settings),
        _sms_channel(settings),
        settings.mail_from,
        settings.public_url,
        batch_size=settings.scheduler_batch,
        heartbeat=heartbeat or (lambda: None),
    )


def _email_channel(settings: NotificationsSettings) -> SmtpChannel | EmlFolderChannel:
    if not settings.smtp_host:
        return EmlFolderChannel(settings.mail_dir)
    return SmtpChannel(
        settings.smtp_host,
        settings.smtp_port,
        settings.smtp_security,
        settings.smtp_username,
        settings.smtp_password,
    )


def _sms_channel(settings: NotificationsSettings) -> TwilioChannel | SmsLogChannel:
    if settings.sms_account_sid:
        return TwilioChannel(
            settings.sms_api_url,
            settings.sms_account_sid,
            settings.sms_auth_token,
            settings.sms_from,
        )
    if not settings.embedded:
        log.warning("no SMS provider configured (SMS_ACCOUNT_SID): SMS go to a log file")
    return SmsLogChannel(settings.sms_log)


@contextmanager
def scheduler_batches(
    settings: NotificationsSettings, heartbeat: Heartbeat | None = None
) -> Iterator[Callable[[], bool]]:
    """The scheduler's periodic task: one batch of due deliveries, True while more are due.
    Its SMTP connection stays open from batch to batch until the block ends."""
    db = Database.of(settings)
    dispatcher = build_dispatcher(settings, heartbeat.beat if heartbeat else None)
    log.info("scheduler started")
    try:
        yield lambda: dispatcher.dispatch_due(db) >= dispatcher.batch_size
    finally:
        dispatcher.close()
        db.dispose()
        log.info("scheduler stopped", sent=dispatcher.sent)


def main(settings: NotificationsSettings) -> None:
    """``dialog-notifications schedule``: batches until SIGTERM, through outages of the database
    (a batch that fails rolls back and goes again), with its heartbeat beaten per delivery."""
    from dialog_platform.workers import run_periodic
    from dialog_platform.workers_health import serve_health

    configure_logging(settings.service, settings.log_level, settings.log_format)
    heartbeat = serve_health(settings.service, "schedule")
    with scheduler_batches(settings, heartbeat) as batch:
        run_periodic(settings, "schedule", batch, IDLE_SECONDS, heartbeat)


def retain(settings: NotificationsSettings, every: float | None, dry_run: bool) -> None:
    """Apply retention once, or every ``every`` seconds until SIGTERM (a periodic role, through
    outages); log the counts."""
    from dialog_platform.workers import run_once_or_every

    configure_logging(settings.service, settings.log_level, settings.log_format)
    run_once_or_every(settings, "retain", lambda db: retain_once(db, dry_run), every)


def retain_once(db: Database, dry_run: bool = False) -> None:
    """One pass of retention (a dry run counts in a transaction that is rolled back)."""
    with db.transaction(dry_run) as session:
        counts = apply_retention(session, utc_now(), dry_run=dry_run)
    log.info("retention dry run" if dry_run else "retention applied", **counts)
