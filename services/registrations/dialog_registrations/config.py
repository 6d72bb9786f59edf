"""The registrations service's settings: the shared variables (see dialog_platform.config.VARIABLES)
and its own, read from the environment here.

- ``REGISTRATIONS_PUBLIC_URL``: the public base URL of this service; links in messages start
  with it (default ``http://127.0.0.1:8002``).
- ``REGISTRATIONS_LINK_SECRET``: the key that signs confirm, cancel and answer links (default:
  derived from ``JWT_SECRET``; required in production when only ``OIDC_JWKS_URL`` is set).
- ``REGISTRATIONS_CONFIRM_HOURS``: how long a pending seat is held for the email confirmation
  (default 48).
- ``REGISTRATIONS_SIGNUP_LIMIT``: sign-ups accepted per client address and hour, per web
  process (default 60: a group signing up together from one venue shares an address).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from dialog_platform.config import ConfigurationError, Settings, env_int

SERVICE = "registrations"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8002"


def load_settings() -> Settings:
    return Settings.from_env(SERVICE)


@dataclass(frozen=True)
class RegistrationsConfig:
    """What only this service reads."""

    public_url: str
    link_secret: str
    confirm_within: timedelta
    signup_limit_per_hour: int


def registrations_config() -> RegistrationsConfig:
    """This service's own settings, from the environment as it is now."""
    return _config(
        os.environ.get("REGISTRATIONS_PUBLIC_URL") or DEFAULT_PUBLIC_URL,
        os.environ.get("REGISTRATIONS_LINK_SECRET") or "",
        os.environ.get("REGISTRATIONS_CONFIRM_HOURS") or "48",
        os.environ.get("REGISTRATIONS_SIGNUP_LIMIT") or "60",
        os.environ.get("JWT_SECRET") or "",
        os.environ.get("DIALOG_DATA_DIR") or "",
    )


@lru_cache(maxsize=8)
def _config(
    public_url: str, link_secret: str, hours: str, limit: str, _jwt: str, _data: str
) -> RegistrationsConfig:
    if not link_secret:
        jwt_secret = load_settings().jwt_secret
        if not jwt_secret:
            raise ConfigurationError(
                "REGISTRATIONS_LINK_SECRET is needed to sign participants' links "
                "(or JWT_SECRET, from which it is derived)."
            )
        link_secret = hmac.new(
            jwt_secret.encode(), b"dialog-registrations-links", hashlib.sha256
        ).hexdigest()
    return RegistrationsConfig(
        public_url=public_url.rstrip("/"),
        link_secret=link_secret,
        confirm_within=timedelta(hours=env_int("REGISTRATIONS_CONFIRM_HOURS", hours, minimum=1)),
        signup_limit_per_hour=env_int("REGISTRATIONS_SIGNUP_LIMIT", limit, minimum=1),
    )
