"""The notifications service's settings: the shared variables (see dialog_platform.config.VARIABLES)."""

from dialog_platform.config import Settings

SERVICE = "notifications"


def load_settings() -> Settings:
    return Settings.from_env(SERVICE)
