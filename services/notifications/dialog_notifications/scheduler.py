"""The service's timed processes: the scheduler (``dialog-notifications schedule``) sends due
messages and reminders until stopped, several may run at once (see dispatch.py); retention
(``dialog-notifications retain``) forgets what is past its period."""

from __future__ import annotations

import threading

from dialog_platform.clock import utc_now
from dialog_platform.db import Database
from dialog_platform.logging import configure_logging, get_logger

from .channels.email import EmlFolderChannel, SmtpChannel
from .channels.sms import SmsLogChannel, TwilioChannel
from .config import NotificationsSettings
from .dispatch import Dispatcher
from .operations.retention import apply_retention

log = get_logger(__name__)


def build_dispatcher(settings: NotificationsSettings) -> Dispatcher:
    """The channels the settings name: SMTP or a folder of .eml files, the SMS provider or a
    log file."""
    return Dispatcher(
        _email_channel(settings),
        _sms_channel(settings),
        settings.mail_from,
        settings.public_url,
        batch_size=settings.scheduler_batch,
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


def run_scheduler(
    settings: NotificationsSettings, stop: threading.Event, idle_seconds: float = 1.0
) -> None:
    """Send batches while there is work; when there is none, look again every ``idle_seconds``."""
    db = Database.of(settings)
    dispatcher = build_dispatcher(settings)
    log.info("scheduler started")
    try:
        while not stop.is_set():
            try:
                handled = dispatcher.dispatch_due(db)
            except Exception as exc:  # database gone for a moment: the batch rolled back
                log.warning("scheduler batch failed; trying again", error=repr(exc))
                handled = 0
            if handled < dispatcher.batch_size:
                stop.wait(idle_seconds)
    finally:
        db.dispose()
        log.info("scheduler stopped", sent=dispatcher.sent)


def main(settings: NotificationsSettings) -> None:
    from dialog_platform.workers import stop_on_signals

    configure_logging(settings.service, settings.log_level, settings.log_format)
    run_scheduler(settings, stop_on_signals())


def retain(settings: NotificationsSettings, every: float | None, dry_run: bool) -> None:
    """Apply retention once, or every ``every`` seconds until stopped; log the counts."""
    from dialog_platform.workers import stop_on_signals

    configure_logging(settings.service, settings.log_level, settings.log_format)
    stop = stop_on_signals()
    db = Database.of(settings)
    try:
        while not stop.is_set():
            try:
                with db.sessions() as session:
                    counts = apply_retention(session, utc_now(), dry_run=dry_run)
                    if dry_run:
                        session.rollback()
                    else:
                        session.commit()
            except Exception as exc:  # database gone for a moment: rolled back, try again later
                if every is None:
                    raise
                log.warning("retention failed; trying again", error=repr(exc))
            else:
                log.info("retention dry run" if dry_run else "retention applied", **counts)
            if every is None:
                return
            stop.wait(every)
    finally:
        db.dispose()
