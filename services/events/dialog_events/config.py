"""The events service's settings: the shared ones and its own, ``EVENTS_MIN_CELL`` (declared
with its default in dialog_platform.config.VARIABLES), and the registrations service's public
URL (the sign-up link of an announcement), read once at start."""

from __future__ import annotations

from dataclasses import dataclass

from dialog_platform.config import Settings, env_int, env_public_url, own

SERVICE = "events"


@dataclass(frozen=True)
class EventsSettings(Settings):
    service_name = SERVICE

    #: Counts of organisations and contacts in the yearly report below this are suppressed.
    min_cell: int = own(env_int, "EVENTS_MIN_CELL", minimum=1)

    #: Where people sign up (the registrations service's public pages), for announcements.
    registrations_public_url: str = own(
        env_public_url,
        "REGISTRATIONS_PUBLIC_URL",
        "registrations",
        "the sign-up links of announcements",
    )


def load_settings() -> EventsSettings:
    return EventsSettings.from_env()
