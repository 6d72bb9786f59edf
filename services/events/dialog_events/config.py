"""The events service's settings: the shared ones and its own, ``EVENTS_MIN_CELL`` (declared
with its default in dialog_platform.config.VARIABLES), and the registrations service's public
URL (the sign-up link of an announcement), read once at start."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dialog_platform.config import Settings, env_int, env_str, require

SERVICE = "events"

#: The registrations service's pages in the embedded mode (``dialog run``'s default ports).
EMBEDDED_REGISTRATIONS_URL = "http://127.0.0.1:8002"


@dataclass(frozen=True)
class EventsSettings(Settings):
    service_name = SERVICE

    #: Counts of organisations and contacts in the yearly report below this are suppressed.
    min_cell: int

    #: Where people sign up (the registrations service's public pages), for announcements.
    registrations_public_url: str

    @classmethod
    def read_own(cls, base: Settings) -> dict[str, Any]:
        public_url = env_str("REGISTRATIONS_PUBLIC_URL")
        if not base.embedded and not public_url:
            require(["REGISTRATIONS_PUBLIC_URL"])  # every announcement's sign-up link
        return {
            "min_cell": env_int("EVENTS_MIN_CELL", minimum=1),
            "registrations_public_url": (public_url or EMBEDDED_REGISTRATIONS_URL).rstrip("/"),
        }


def load_settings() -> EventsSettings:
    return EventsSettings.from_env()
