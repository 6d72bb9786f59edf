"""The notifications service's settings: the shared variables (see dialog_platform.config.VARIABLES)
and its own channels (SMTP, the SMS provider, the public URL of its links)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dialog_platform.config import ConfigurationError, Settings, env_int, env_str

SERVICE = "notifications"
SMTP_SECURITY = ("starttls", "tls", "none")


def load_settings() -> Settings:
    return Settings.from_env(SERVICE)


@dataclass(frozen=True)
class ChannelSettings:
    """Where mails and SMS go. Without SMTP_HOST mails are written as .eml files into
    ``mail_dir``; without SMS_ACCOUNT_SID SMS are written to ``sms_log`` (embedded mode only)."""

    smtp_host: str | None
    smtp_port: int
    smtp_security: str
    smtp_username: str | None
    smtp_password: str | None
    mail_from: str
    mail_dir: Path
    sms_api_url: str
    sms_account_sid: str | None
    sms_auth_token: str | None
    sms_from: str | None
    sms_log: Path
    public_url: str
    scheduler_batch: int

    @classmethod
    def from_env(cls, settings: Settings) -> ChannelSettings:
        security = env_str("SMTP_SECURITY", "starttls").lower()
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
        if not settings.embedded and not host:
            raise ConfigurationError("DIALOG_ENV=production needs SMTP_HOST for the mails.")
        default_port = {"starttls": "587", "tls": "465", "none": "25"}[security]
        return cls(
            smtp_host=host,
            smtp_port=env_int("SMTP_PORT", default_port),
            smtp_security=security,
            smtp_username=env_str("SMTP_USERNAME"),
            smtp_password=env_str("SMTP_PASSWORD"),
            mail_from=env_str("MAIL_FROM", "Dialog <no-reply@localhost>"),
            mail_dir=Path(env_str("MAIL_DIR", str(settings.data_dir / "mail"))),
            sms_api_url=env_str("SMS_API_URL", "https://api.twilio.com").rstrip("/"),
            sms_account_sid=sid,
            sms_auth_token=token,
            sms_from=sender,
            sms_log=settings.data_dir / "sms.log",
            public_url=env_str("NOTIFICATIONS_PUBLIC_URL", "http://localhost:8003").rstrip("/"),
            scheduler_batch=env_int("NOTIFICATIONS_SCHEDULER_BATCH", "100"),
        )
