"""The mediation service's settings: the shared variables (see dialog_platform.config.VARIABLES)
and its own, ``MEDIATION_MIN_CELL``."""

import os

from dialog_platform.config import ConfigurationError, Settings

SERVICE = "mediation"
#: Counts in the funder's figures below this are suppressed (they could identify a case).
DEFAULT_MIN_CELL = 5


def load_settings() -> Settings:
    return Settings.from_env(SERVICE)


def load_min_cell() -> int:
    """``MEDIATION_MIN_CELL``: the smallest count the figures show (default 5)."""
    raw = os.environ.get("MEDIATION_MIN_CELL") or str(DEFAULT_MIN_CELL)
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ConfigurationError(
            f"MEDIATION_MIN_CELL must be a whole number of 1 or more, got {raw!r}."
        )
    return value
