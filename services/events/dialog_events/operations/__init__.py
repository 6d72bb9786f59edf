"""Use cases of the events service. They flush and write outbox rows; the view commits once."""

from .events import (
    cancel_event,
    complete_event,
    create_event,
    get_event,
    publish_event,
    update_event,
)

__all__ = [
    "cancel_event",
    "complete_event",
    "create_event",
    "get_event",
    "publish_event",
    "update_event",
]
