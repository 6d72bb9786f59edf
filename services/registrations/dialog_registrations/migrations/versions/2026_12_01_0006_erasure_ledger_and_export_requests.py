"""erasure ledger and export requests

Revision ID: 0006
Revises: 0005
The erasure requests (by keyed hashes only) with each service's confirmation, and the export
requests with each service's answer (encrypted, kept for a day).

Create Date: 2026-12-01 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "erasure_request",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("email_hashes", sa.JSON(), nullable=False),
        sa.Column("phone_hashes", sa.JSON(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasure_request")),
    )
    op.create_table(
        "export_request",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("email_hashes", sa.JSON(), nullable=False),
        sa.Column("phone_hashes", sa.JSON(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_request")),
    )
    op.create_index(
        op.f("ix_export_request_requested_at"), "export_request", ["requested_at"], unique=False
    )
    op.create_table(
        "erasure_confirmation",
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("service", sa.String(length=40), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("erased", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["erasure_request.id"],
            name=op.f("fk_erasure_confirmation_request_id_erasure_request"),
        ),
        sa.PrimaryKeyConstraint("request_id", "service", name=op.f("pk_erasure_confirmation")),
    )
    op.create_table(
        "export_part",
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("service", sa.String(length=40), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("records", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["export_request.id"],
            name=op.f("fk_export_part_request_id_export_request"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", "service", name=op.f("pk_export_part")),
    )


def downgrade() -> None:
    op.drop_table("export_part")
    op.drop_table("erasure_confirmation")
    op.drop_index(op.f("ix_export_request_requested_at"), table_name="export_request")
    op.drop_table("export_request")
    op.drop_table("erasure_request")
