"""Alembic environment of the mediation service (run by ``dialog-mediation migrate``)."""

from dialog_mediation.models import Base
from dialog_platform.messaging.tables import messaging_metadata
from dialog_platform.migrations import run_environment

run_environment([Base.metadata, messaging_metadata], "MEDIATION_DATABASE_URL")
