"""Use cases of the registrations service. They flush and write outbox rows; the caller commits.

Every use case that changes seats locks the event's copy first (``seats.lock_event``), so all
changes of one event's seats and waiting list happen one after another, on PostgreSQL
(``SELECT ... FOR UPDATE``) as on SQLite (whose writers queue behind ``BEGIN IMMEDIATE``).
"""

from . import seat_counter  # noqa: F401  (its flush listener keeps every event's counter right)
