"""Alembic environment of the registrations service (run by ``dialog-registrations migrate``)."""

from dialog_platform.messaging.tables import messaging_metadata
from dialog_platform.migrations import run_environment
from dialog_registrations.models import Base

run_environment([Base.metadata, messaging_metadata], "REGISTRATIONS_DATABASE_URL")
