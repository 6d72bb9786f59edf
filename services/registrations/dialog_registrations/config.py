"""The registrations service's settings: the shared variables (see dialog_platform.config.VARIABLES)."""

from dialog_platform.config import Settings

SERVICE = "registrations"


def load_settings() -> Settings:
    return Settings.from_env(SERVICE)
