"""seat counter on the event copy

Revision ID: 0007_seat_counter
Revises: 0006
The event copy counts its seats taken, its waiting and its last waiting-list number (filled from
the registrations as they are); an index answers "has this event holds that ran out?".

Create Date: 2026-12-01 13:10:00
"""

import sqlalchemy as sa
from alembic import op

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0007_seat_counter", "0006"

COUNTERS = ("seats_taken", "waiting", "waitlist_tail")
SEATED = "('pending', 'confirmed', 'attended', 'no_show')"


def upgrade() -> None:
    for name in COUNTERS:  # plain ALTER TABLE: SQLite's batch copy would break the foreign keys
        op.add_column(
            "event_copy", sa.Column(name, sa.Integer(), server_default="0", nullable=False)
        )
    op.execute(
        f"""
        UPDATE event_copy SET
          seats_taken = (SELECT count(*) FROM registration r
                         WHERE r.event_id = event_copy.id AND r.status IN {SEATED}),
          waiting = (SELECT count(*) FROM registration r
                     WHERE r.event_id = event_copy.id AND r.status = 'waitlisted'),
          waitlist_tail = (SELECT coalesce(max(r.waitlist_seq), 0) FROM registration r
                           WHERE r.event_id = event_copy.id)
        """
    )
    op.create_index(
        "ix_registration_event_status_hold",
        "registration",
        ["event_id", "status", "hold_until"],
    )


def downgrade() -> None:
    op.drop_index("ix_registration_event_status_hold", table_name="registration")
    for name in reversed(COUNTERS):
        op.drop_column("event_copy", name)
