"""Alembic environment of the notifications service (run by ``dialog-notifications migrate``)."""

from dialog_notifications.models import Base
from dialog_platform.messaging.tables import messaging_metadata
from dialog_platform.migrations import run_environment

run_environment([Base.metadata, messaging_metadata], "NOTIFICATIONS_DATABASE_URL")
