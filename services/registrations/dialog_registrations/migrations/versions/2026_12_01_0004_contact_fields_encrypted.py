"""contact fields encrypted at rest, found by keyed hashes; erased_at

Revision ID: 0004
Revises: 0003
Registrations' name, email, phone, organisation and needs and invitations' name, email, phone
and organisation name become Fernet tokens (text); ``email_key`` (the lower-cased address)
gives way to ``email_hash`` and ``phone_hash``, keyed hashes. Existing rows are encrypted in
place, so the migration needs the data keys (``dialog-registrations migrate`` sets them).

Create Date: 2026-12-01 12:00:00
"""

import sqlalchemy as sa
from alembic import op

from dialog_platform.crypto import keyring
from dialog_platform.personal import email_hash, phone_hash
from dialog_registrations.migrations.rebuild import registrations_rebuildable

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0004", "0003"

#: table -> its contact fields (those that become encrypted) and their former types.
CONTACT_FIELDS = {
    "registration": {
        "name": (sa.String(200), False),
        "email": (sa.String(254), False),
        "phone": (sa.String(20), True),
        "organisation": (sa.String(200), False),
        "needs": (sa.String(1000), False),
    },
    "invitation": {
        "name": (sa.String(200), False),
        "email": (sa.String(254), True),
        "phone": (sa.String(20), True),
        "organisation_name": (sa.String(200), False),
    },
}


def _table(name: str, *columns: str) -> sa.Table:
    return sa.table(name, sa.column("id", sa.Uuid()), *(sa.column(c, sa.Text()) for c in columns))


def _rewrite(name: str, change) -> None:
    """Read every row's contact fields and write back what ``change`` makes of them."""
    fields = list(CONTACT_FIELDS[name])
    keys = sorted(_columns(name) & {"email_hash", "phone_hash", "email_key"})
    table = _table(name, *fields, *keys)
    connection = op.get_bind()
    rows = connection.execute(sa.select(table.c.id, *(table.c[f] for f in fields))).all()
    for row in rows:
        values = change(row._mapping)
        connection.execute(sa.update(table).where(table.c.id == row.id).values(**values))


def _columns(name: str) -> set[str]:
    return {column["name"] for column in sa.inspect(op.get_bind()).get_columns(name)}


def _encrypted(row) -> dict:
    values = {
        key: None if value is None else keyring().encrypt(value)
        for key, value in row.items()
        if key != "id"
    }
    values["email_hash"] = email_hash(row["email"]) if row["email"] else None
    values["phone_hash"] = phone_hash(row["phone"]) if row["phone"] else None
    return values


def _clear(table: str):
    def change(row) -> dict:
        values = {
            key: "" if value is None else keyring().decrypt(value)
            for key, value in row.items()
            if key != "id"
        }
        values["phone"] = values["phone"] or None
        if table == "registration":  # an erased row keeps a key of its own
            values["email_key"] = values["email"].lower() or f"erased-{row['id']}"
        else:
            values["email"] = values["email"] or None
        return values

    return change


def upgrade() -> None:
    with registrations_rebuildable():
        _upgrade()


def downgrade() -> None:
    with registrations_rebuildable():
        _downgrade()


def _upgrade() -> None:
    for table, fields in CONTACT_FIELDS.items():
        with op.batch_alter_table(table) as batch_op:
            for field, (former, _nullable) in fields.items():
                batch_op.alter_column(field, type_=sa.Text(), existing_type=former, nullable=True)
            batch_op.add_column(sa.Column("email_hash", sa.String(length=64), nullable=True))
            batch_op.add_column(sa.Column("phone_hash", sa.String(length=64), nullable=True))
            batch_op.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))
        _rewrite(table, _encrypted)
        with op.batch_alter_table(table) as batch_op:
            if table == "registration":
                batch_op.drop_constraint("uq_registration_event_id_email_key", type_="unique")
                batch_op.drop_column("email_key")
                batch_op.create_unique_constraint(
                    "uq_registration_event_id_email_hash", ["event_id", "email_hash"]
                )
            batch_op.create_index(f"ix_{table}_email_hash", ["email_hash"], unique=False)
            batch_op.create_index(f"ix_{table}_phone_hash", ["phone_hash"], unique=False)


def _downgrade() -> None:
    for table, fields in CONTACT_FIELDS.items():
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_index(f"ix_{table}_phone_hash")
            batch_op.drop_index(f"ix_{table}_email_hash")
            if table == "registration":
                batch_op.drop_constraint("uq_registration_event_id_email_hash", type_="unique")
                batch_op.add_column(sa.Column("email_key", sa.String(length=254), nullable=True))
        _rewrite(table, _clear(table))
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("erased_at")
            batch_op.drop_column("phone_hash")
            batch_op.drop_column("email_hash")
            for field, (former, nullable) in fields.items():
                batch_op.alter_column(
                    field, type_=former, existing_type=sa.Text(), nullable=nullable
                )
            if table == "registration":
                batch_op.alter_column("email_key", existing_type=sa.String(254), nullable=False)
                batch_op.create_unique_constraint(
                    "uq_registration_event_id_email_key", ["event_id", "email_key"]
                )
