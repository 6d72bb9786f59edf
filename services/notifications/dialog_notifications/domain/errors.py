"""What can go wrong in the notifications service's API, and how it answers (one table)."""

from __future__ import annotations

from dialog_platform.errors import error_table

from ..rendering import UnknownKind


class NotificationsError(Exception):
    """Base of the notifications service's domain errors; the text is shown to staff."""


class DeliveryNotFound(NotificationsError):
    pass


class UnknownLanguage(NotificationsError):
    pass


#: domain exception -> (HTTP status, code), the code its name in snake case
ERROR_TABLE = error_table({404: (DeliveryNotFound, UnknownKind, UnknownLanguage)})
