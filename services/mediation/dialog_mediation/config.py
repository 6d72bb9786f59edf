"""The mediation service's settings: the shared variables (see dialog_platform.config.VARIABLES)
and its own, ``MEDIATION_MIN_CELL``."""

from dialog_platform.config import Settings, env_int

SERVICE = "mediation"
#: Counts in the funder's figures below this are suppressed (they could identify a case).
DEFAULT_MIN_CELL = 5


def load_settings() -> Settings:
    return Settings.from_env(SERVICE)


def load_min_cell() -> int:
    """``MEDIATION_MIN_CELL``: the smallest count the figures show (default 5)."""
    return env_int("MEDIATION_MIN_CELL", str(DEFAULT_MIN_CELL), minimum=1)
