"""The notifications service's settings: the shared ones and its own channels (SMTP, the SMS
provider, the public URL of its links) and retention periods, declared with their defaults in
dialog_platform.config.VARIABLES and read once when a process starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from dialog_platform.config import (
    ConfigurationError,
    Settings,
    env_duration,
    env_int,
    env_public_url,
    env_str,
    own,
)

from .domain.reminders import QuietHours

SERVICE = "notifications"
SMTP_SECURITY = ("starttls", "tls", "none")
SMTP_DEFAULT_PORTS = {"starttls": "587", "tls": "465", "none": "25"}


@dataclass(frozen=True)
class NotificationsSettings(Settings):
    """Where mails and SMS go. Without SMTP_HOST mails are written as .eml files into
    ``mail_dir``; without SMS_ACCOUNT_SID SMS are written to ``sms_log`` (embedded mode only)."""

    service_name = SERVICE

    smtp_host: str | None
    smtp_port: int
    smtp_security: str
    smtp_username: str | None = own(env_str, "SMTP_USERNAME")
    smtp_password: str | None = own(env_str, "SMTP_PASSWORD")
    mail_from: str = own(env_str, "MAIL_FROM")
    mail_dir: Path
    sms_api_url: str
    sms_account_sid: str | None
    sms_auth_token: str | None
    sms_from: str | None
    sms_log: Path
    #: Public base URL of this service: the stop-reminders links in every mail start with it.
    public_url: str = own(
        env_public_url,
        "NOTIFICATIONS_PUBLIC_URL",
        SERVICE,
        "the stop-reminders links in every mail",
    )
    scheduler_batch: int = own(env_int, "NOTIFICATIONS_SCHEDULER_BATCH", minimum=1)
    #: After an event ends: until its recipients are pseudonymised and its mails and SMS lines go.
    retention: timedelta = own(env_duration, "NOTIFICATIONS_RETENTION_DAYS", "days", minimum=1)
    #: How long the delivery log keeps the providers' answers.
    attempt_retention: timedelta = own(
        env_duration, "NOTIFICATIONS_ATTEMPT_RETENTION_DAYS", "days", minimum=1
    )
    #: When no SMS goes (Berlin wall clock), unless an event sets its own.
    sms_quiet_hours: QuietHours

    @classmethod
    def read_own(cls, base: Settings) -> dict[str, Any]:
        security = env_str("SMTP_SECURITY").lower()
        if security not in SMTP_SECURITY:
            raise ConfigurationError(
                f"SMTP_SECURITY must be one of {', '.join(SMTP_SECURITY)}, got {security!r}."
            )
        host = env_str("SMTP_HOST")
        sid, token, sender = (
            env_str("SMS_ACCOUNT_SID"),
            env_str("SMS_AUTH_TOKEN"),
            env_str("SMS_FROM"),
        )
        if sid and not (token and sender):
            raise ConfigurationError("SMS_ACCOUNT_SID needs SMS_AUTH_TOKEN and SMS_FROM as well.")
        try:
            quiet = QuietHours.parse(env_str("NOTIFICATIONS_SMS_QUIET_HOURS"))
        except ValueError as exc:
            raise ConfigurationError(f"NOTIFICATIONS_SMS_QUIET_HOURS: {exc}.") from None
        if not base.embedded and not host:
            raise ConfigurationError("DIALOG_ENV=production needs SMTP_HOST for the mails.")
        return {
            **super().read_own(base),
            "smtp_host": host,
            "smtp_port": env_int("SMTP_PORT", default=SMTP_DEFAULT_PORTS[security]),
            "smtp_security": security,
            "mail_dir": Path(env_str("MAIL_DIR", str(base.data_dir / "mail"))),
            "sms_api_url": env_str("SMS_API_URL").rstrip("/"),
            "sms_account_sid": sid,
            "sms_auth_token": token,
            "sms_from": sender,
            "sms_log": base.data_dir / "sms.log",
            "sms_quiet_hours": quiet,
        }


def load_settings() -> NotificationsSettings:
    return NotificationsSettings.from_env()
