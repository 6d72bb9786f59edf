"""The mediation service's settings: the shared ones and its own, ``MEDIATION_MIN_CELL`` and
``MEDIATION_RETENTION_DAYS`` (declared with their defaults in dialog_platform.config.VARIABLES),
read once at start."""

from __future__ import annotations

from dataclasses import dataclass

from dialog_platform.config import Settings, env_int, own

SERVICE = "mediation"


@dataclass(frozen=True)
class MediationSettings(Settings):
    service_name = SERVICE

    #: Counts in the funder's figures below this are suppressed (they could identify a case).
    min_cell: int = own(env_int, "MEDIATION_MIN_CELL", minimum=1)
    #: Days after a case is closed until its file is redacted (``dialog-mediation retain``).
    retention_days: int = own(env_int, "MEDIATION_RETENTION_DAYS", minimum=1)


def load_settings() -> MediationSettings:
    return MediationSettings.from_env()
