"""The registrations service's settings: the shared ones and its own (declared with their defaults
in dialog_platform.config.VARIABLES), read once when a process starts."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass
from datetime import timedelta
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

SERVICE = "registrations"


def env_trusted_proxies(name: str) -> int | tuple:
    """A count of proxies ("1"), or their networks ("10.0.0.0/8, fd00::/8")."""
    raw = env_str(name).strip()
    if raw.isdigit():
        return int(raw)
    try:
        return tuple(ipaddress.ip_network(part.strip()) for part in raw.split(",") if part.strip())
    except ValueError:
        raise ConfigurationError(
            f"{name} must be a number of proxies or comma-separated "
            f"networks such as 10.0.0.0/8, got {raw!r}."
        ) from None


@dataclass(frozen=True)
class RegistrationsSettings(Settings):
    service_name = SERVICE

    #: Public base URL of this service; links in messages start with it.
    public_url: str = own(
        env_public_url,
        "REGISTRATIONS_PUBLIC_URL",
        SERVICE,
        "the links in participants' mails and SMS",
    )
    #: Key that signs participants' confirm, cancel and answer links (and the forms' CSRF field);
    #: read by ``read_own``, as it is derived from JWT_SECRET when not set.
    link_secret: str
    #: How long a pending seat is held for the email confirmation.
    confirm_within: timedelta = own(env_duration, "REGISTRATIONS_CONFIRM_HOURS", "hours", minimum=1)
    #: Sign-ups accepted per client address and hour.
    signup_limit_per_hour: int = own(env_int, "REGISTRATIONS_SIGNUP_LIMIT", minimum=1)
    #: Proxies in front of the web processes whose X-Forwarded-For is believed: how many, or
    #: their networks (0: none, the socket's address counts).
    trusted_proxies: int | tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = own(
        env_trusted_proxies, "REGISTRATIONS_TRUSTED_PROXIES"
    )
    #: How long before an event's start staff may check people in.
    checkin_before: timedelta = own(
        env_duration, "REGISTRATIONS_CHECKIN_BEFORE_MINUTES", "minutes", minimum=0
    )
    #: Days after an event ends until its registrations and invitations lose every personal
    #: detail (the consent text states the number).
    retention_days: int = own(env_int, "REGISTRATIONS_RETENTION_DAYS", minimum=1)
    #: Counts of people in the yearly report below this are suppressed.
    min_cell: int = own(env_int, "REGISTRATIONS_MIN_CELL", minimum=1)

    @property
    def retention(self) -> timedelta:
        return timedelta(days=self.retention_days)

    @classmethod
    def read_own(cls, base: Settings) -> dict[str, Any]:
        link_secret = env_str("REGISTRATIONS_LINK_SECRET")
        if not link_secret:
            if not base.jwt_secret:
                raise ConfigurationError(
                    "REGISTRATIONS_LINK_SECRET is needed to sign participants' links "
                    "(or JWT_SECRET, from which it is derived)."
                )
            link_secret = hmac.new(
                base.jwt_secret.encode(), b"dialog-registrations-links", hashlib.sha256
            ).hexdigest()
        return {**super().read_own(base), "link_secret": link_secret}


def load_settings() -> RegistrationsSettings:
    return RegistrationsSettings.from_env()
