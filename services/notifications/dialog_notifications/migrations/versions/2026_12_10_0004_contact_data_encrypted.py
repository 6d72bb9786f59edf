"""contact data encrypted: recipients' name, email, phone and links, deliveries' context, the
delivery log's answers; lookup hashes and erased_at on recipients

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-10 10:00:00

The columns become text holding Fernet tokens (dialog_platform.crypto) and every existing row
is encrypted with the process's data keys (``dialog-notifications migrate`` sets them); the
providers' answers lose addresses and numbers first. On SQLite each table is built anew
(``migrations/rebuild.py``), overwriting the pages that held the values in clear.
"""

import json
from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

from dialog_notifications.domain.redaction import without_contact
from dialog_notifications.migrations.rebuild import Change, change_columns
from dialog_platform.crypto import keyring
from dialog_platform.personal import email_hash, phone_hash

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0004", "0003"

BATCH = 500
TEXT = sa.Text()
RECIPIENT = [
    Change("name", TEXT, sa.String(200), nullable=False, nullable_before=False),
    Change("email", TEXT, sa.String(320)),
    Change("phone", TEXT, sa.String(20)),
    Change("links", TEXT, sa.JSON(), nullable=False, nullable_before=False),
]
RECIPIENT_NEW = [
    Change("email_hash", sa.String(64)),
    Change("phone_hash", sa.String(64)),
    Change("erased_at", sa.DateTime(timezone=True)),
]
HASH_INDEXES = {
    "ix_recipient_email_hash": ["email_hash"],
    "ix_recipient_phone_hash": ["phone_hash"],
}
DELIVERY = [Change("context", TEXT, sa.JSON(), nullable=False, nullable_before=False)]
ATTEMPT = [Change("answer", TEXT, TEXT, nullable=True, nullable_before=False)]


def upgrade() -> None:
    change_columns("recipient", RECIPIENT + RECIPIENT_NEW, HASH_INDEXES)
    change_columns("delivery", DELIVERY, {})
    change_columns("delivery_attempt", ATTEMPT, {})
    _rewrite("recipient", ("name", "email", "phone", "links"), _encrypted_recipient)
    _rewrite("delivery", ("context", "last_error", "phone"), _encrypted_delivery)
    _rewrite("delivery_attempt", ("answer", "phone"), _encrypted_attempt)


def downgrade() -> None:
    _rewrite("delivery_attempt", ("answer",), lambda row: {"answer": _open(row.answer) or ""})
    _rewrite(
        "delivery",
        ("context", "last_error"),
        lambda row: {"context": _open(row.context), "last_error": _open(row.last_error)},
    )
    _rewrite(
        "recipient",
        ("name", "email", "phone", "links"),
        lambda row: {name: _open(getattr(row, name)) for name in row._fields if name != "id"},
    )
    change_columns("delivery_attempt", [c.reversed() for c in ATTEMPT], {})
    change_columns("delivery", [c.reversed() for c in DELIVERY], {})
    dropped = [c.name for c in RECIPIENT_NEW]
    change_columns("recipient", [c.reversed() for c in RECIPIENT], {}, dropped=dropped)


def _encrypted_recipient(row) -> dict:
    return {
        "name": _seal(row.name),
        "email": _seal(row.email),
        "phone": _seal(row.phone),
        "links": _seal_json(row.links),
        "email_hash": email_hash(row.email) if row.email else None,
        "phone_hash": phone_hash(row.phone) if row.phone else None,
    }


def _encrypted_delivery(row) -> dict:
    return {
        "context": _seal_json(row.context),
        "last_error": _seal(without_contact(row.last_error, row.phone)),
    }


def _encrypted_attempt(row) -> dict:
    return {"answer": _seal(without_contact(row.answer, row.phone))}


def _seal(value: str | None) -> str | None:
    return None if value is None else keyring().encrypt(value)


def _seal_json(text: str | None) -> str | None:
    value = json.loads(text) if text else {}
    return keyring().encrypt(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def _open(token: str | None) -> str | None:
    return None if token is None else keyring().decrypt(token)


def _rewrite(table_name: str, columns: tuple[str, ...], change: Callable[..., dict]) -> None:
    """Every row of the table changed by ``change`` (given the row's ``id`` and ``columns``;
    ``phone`` is the recipient's number, joined), in batches by primary key."""
    bind = op.get_bind()
    tables = sa.MetaData()
    table = sa.Table(table_name, tables, autoload_with=bind)
    recipient = sa.Table("recipient", tables, autoload_with=bind)
    delivery = sa.Table("delivery", tables, autoload_with=bind)
    selected = [table.c.id, *(_source(c, table, recipient) for c in columns)]
    query = sa.select(*selected)
    if table_name == "delivery":
        query = query.join(recipient, recipient.c.id == table.c.recipient_id)
    elif table_name == "delivery_attempt":
        query = query.join(delivery, delivery.c.id == table.c.delivery_id).join(
            recipient, recipient.c.id == delivery.c.recipient_id
        )
    last = None
    while True:
        page = query.order_by(table.c.id).limit(BATCH)
        if last is not None:
            page = page.where(table.c.id > last)
        rows = bind.execute(page).all()
        if not rows:
            return
        for row in rows:
            bind.execute(table.update().where(table.c.id == row.id).values(**change(row)))
        last = rows[-1].id


def _source(column: str, table: sa.Table, recipient: sa.Table):
    if column == "phone" and table.name != "recipient":
        return recipient.c.phone.label("phone")
    return table.c[column]
