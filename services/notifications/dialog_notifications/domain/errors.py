"""What can go wrong in the notifications service's API, and how it answers (one table)."""

from __future__ import annotations

from ..rendering import UnknownKind


class NotificationsError(Exception):
    """Base of the notifications service's domain errors; the text is shown to staff."""


class DeliveryNotFound(NotificationsError):
    pass


class UnknownLanguage(NotificationsError):
    pass


#: domain exception -> (HTTP status, code)
ERROR_TABLE = {
    DeliveryNotFound: (404, "delivery_not_found"),
    UnknownKind: (404, "unknown_kind"),
    UnknownLanguage: (404, "unknown_language"),
}
