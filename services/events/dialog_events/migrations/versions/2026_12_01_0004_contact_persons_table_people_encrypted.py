"""contact persons in a table of their own; delegates' and contact persons' names, roles and
channels encrypted, with lookup hashes

Existing rows are encrypted here with the data keys ``dialog-events migrate`` sets; contact
persons move out of the organisation's JSON list in their order, with their phone numbers in
E.164 where they can be read as one (kept as typed otherwise).
"""

import uuid

import sqlalchemy as sa
from alembic import op

from dialog_platform.crypto import keyring
from dialog_platform.migrations import (
    Table,
    add_columns,
    create_tables,
    drop_columns,
    drop_tables,
    phone_as_kept,
)
from dialog_platform.personal import email_hash, phone_hash

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0004", "0003"

#: The encrypted columns of a person, and their width before this revision (delegate).
PERSON = {"name": 200, "role": 200, "email": 320, "phone": 40}

organisation = sa.table(
    "organisation", sa.column("id", sa.Uuid()), sa.column("contact_persons", sa.JSON())
)
CONTACT_PERSON = Table(
    "contact_person",
    """
    id                          uuid
    organisation_id             uuid        references organisation on delete cascade
    announcements_consented_at  timestamp?
    position                    integer
    name                        encrypted
    role                        encrypted
    email                       encrypted?
    phone                       encrypted?
    email_hash                  hash?
    phone_hash                  hash?
    """,
    indexes=("email_hash", "organisation_id", "phone_hash"),
)
#: What a delegate gets besides.
DELEGATE_COLUMNS = """
    position    integer  default '0'
    email_hash  hash?
    phone_hash  hash?
"""


def _people(name: str, belongs_to: str) -> sa.TableClause:
    """The people of a table (contact persons, delegates) as this revision reads and writes."""
    keys = ("position", "email_hash", "phone_hash", *PERSON)
    return sa.table(
        name, sa.column("id", sa.Uuid()), sa.column(belongs_to, sa.Uuid()), *map(sa.column, keys)
    )


contact_person = _people("contact_person", "organisation_id")
delegate = _people("delegate", "membership_id")


def _sealed(person: dict) -> dict:
    """A person's columns encrypted, and the lookup hashes of the clear values."""
    return {
        **{
            name: None if person.get(name) is None else keyring().encrypt(person[name])
            for name in PERSON
        },
        "email_hash": email_hash(person["email"]) if person.get("email") else None,
        "phone_hash": phone_hash(person["phone"]) if person.get("phone") else None,
    }


def _opened(row) -> dict:
    return {
        name: None if getattr(row, name) is None else keyring().decrypt(getattr(row, name))
        for name in PERSON
    }


def upgrade() -> None:
    create_tables(CONTACT_PERSON)
    bind = op.get_bind()
    for org in bind.execute(sa.select(organisation)).all():
        for position, person in enumerate(org.contact_persons or []):
            person = {
                "name": person.get("name") or "",
                "role": person.get("role") or "",
                "email": person.get("email") or None,
                "phone": phone_as_kept(person.get("phone")),
            }
            bind.execute(
                contact_person.insert().values(
                    id=uuid.uuid4(), organisation_id=org.id, position=position, **_sealed(person)
                )
            )
    # Not in a batch: on SQLite that copies the table, and dropping the old copy would delete
    # (foreign keys on) the contact persons just moved. SQLite drops a column natively now.
    op.drop_column("organisation", "contact_persons")

    with op.batch_alter_table("delegate") as batch_op:
        add_columns(batch_op, DELEGATE_COLUMNS)
        for name, width in PERSON.items():
            batch_op.alter_column(
                name,
                existing_type=sa.String(length=width),
                type_=sa.Text(),
                existing_nullable=name in ("email", "phone"),
            )
        batch_op.create_index(batch_op.f("ix_delegate_email_hash"), ["email_hash"])
        batch_op.create_index(batch_op.f("ix_delegate_phone_hash"), ["phone_hash"])
    # The order they were shown in (by name) becomes the order they are kept in.
    rows = bind.execute(sa.select(delegate).order_by(delegate.c.membership_id, delegate.c.name))
    positions: dict = {}
    for row in rows.all():
        position = positions[row.membership_id] = positions.get(row.membership_id, -1) + 1
        clear = {name: getattr(row, name) for name in PERSON}
        bind.execute(
            delegate.update()
            .where(delegate.c.id == row.id)
            .values(position=position, **_sealed(clear))
        )


def downgrade() -> None:
    bind = op.get_bind()
    for row in bind.execute(sa.select(delegate)).all():
        bind.execute(delegate.update().where(delegate.c.id == row.id).values(**_opened(row)))
    with op.batch_alter_table("delegate") as batch_op:
        batch_op.drop_index(batch_op.f("ix_delegate_phone_hash"))
        batch_op.drop_index(batch_op.f("ix_delegate_email_hash"))
        for name, width in PERSON.items():
            batch_op.alter_column(
                name,
                existing_type=sa.Text(),
                type_=sa.String(length=width),
                existing_nullable=name in ("email", "phone"),
            )
        drop_columns(batch_op, DELEGATE_COLUMNS)

    op.add_column(
        "organisation", sa.Column("contact_persons", sa.JSON(), nullable=False, server_default="[]")
    )
    lists: dict = {}
    query = sa.select(contact_person).order_by(contact_person.c.position)
    for row in bind.execute(query).all():
        lists.setdefault(row.organisation_id, []).append(_opened(row))
    for organisation_id, persons in lists.items():
        bind.execute(
            organisation.update()
            .where(organisation.c.id == organisation_id)
            .values(contact_persons=persons)
        )
    drop_tables(CONTACT_PERSON)
