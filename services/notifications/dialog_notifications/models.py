"""The notifications service's tables (its domain tables come with its feature work; the outbox and
inbox come from dialog_platform.messaging.tables)."""

from sqlalchemy.orm import DeclarativeBase

from dialog_platform.db import make_metadata


class Base(DeclarativeBase):
    metadata = make_metadata()
