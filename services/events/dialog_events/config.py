"""The events service's settings: only the shared ones (dialog_platform.config.VARIABLES)."""

from __future__ import annotations

from dataclasses import dataclass

from dialog_platform.config import Settings

SERVICE = "events"


@dataclass(frozen=True)
class EventsSettings(Settings):
    service_name = SERVICE


def load_settings() -> EventsSettings:
    return EventsSettings.from_env()
