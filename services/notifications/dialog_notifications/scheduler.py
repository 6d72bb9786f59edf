"""The scheduler process (``dialog-notifications schedule``): sends due messages and reminders
until stopped. Several may run at once (see dispatch.py)."""

from __future__ import annotations

import threading

from dialog_platform.db import Database
from dialog_platform.logging import configure_logging, get_logger

from .channels.email import EmlFolderChannel, SmtpChannel
from .channels.sms import SmsLogChannel, TwilioChannel
from .config import NotificationsSettings
from .dispatch import Dispatcher

log = get_logger(__name__)


def build_dispatcher(settings: NotificationsSettings, **kwargs) -> Dispatcher:
    channels = settings
    if channels.smtp_host:
        email = SmtpChannel(
            channels.smtp_host,
            channels.smtp_port,
            channels.smtp_security,
            channels.smtp_username,
            channels.smtp_password,
        )
    else:
        email = EmlFolderChannel(channels.mail_dir)
    if channels.sms_account_sid:
        sms = TwilioChannel(
            channels.sms_api_url,
            channels.sms_account_sid,
            channels.sms_auth_token,
            channels.sms_from,
        )
    else:
        sms = SmsLogChannel(channels.sms_log)
        if not settings.embedded:
            log.warning("no SMS provider configured (SMS_ACCOUNT_SID): SMS go to a log file")
    kwargs.setdefault("batch_size", channels.scheduler_batch)
    return Dispatcher(email, sms, channels.mail_from, channels.public_url, **kwargs)


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
