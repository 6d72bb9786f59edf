"""The events service's application (the platform's factory with this service's parts)."""

from __future__ import annotations

from flask import Flask

from dialog_platform.web.app import create_service_app

from .api import announcements, contact_log, organisations, public, reports, round_tables, staff
from .config import EventsSettings, load_settings
from .domain.errors import ERROR_TABLE


def create_app(settings: EventsSettings | None = None) -> Flask:
    blueprints = [
        staff.blp,
        public.blp,
        round_tables.blp,
        organisations.blp,
        contact_log.blp,
        announcements.blp,
        reports.blp,
    ]
    return create_service_app(__package__, settings or load_settings(), blueprints, ERROR_TABLE)
