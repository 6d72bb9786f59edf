"""Alembic environment of the events service (run by ``dialog-events migrate``)."""

from dialog_events.models import Base
from dialog_platform.messaging.tables import messaging_metadata
from dialog_platform.migrations import run_environment

run_environment([Base.metadata, messaging_metadata], "EVENTS_DATABASE_URL")
