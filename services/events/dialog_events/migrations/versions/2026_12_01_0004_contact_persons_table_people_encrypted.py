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
from dialog_platform.personal import InvalidPhone, email_hash, normalise_phone, phone_hash

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0004", "0003"

#: The encrypted columns of a person, and their width before this revision (delegate).
PERSON = {"name": 200, "role": 200, "email": 320, "phone": 40}

organisation = sa.table(
    "organisation", sa.column("id", sa.Uuid()), sa.column("contact_persons", sa.JSON())
)
contact_person = sa.table(
    "contact_person",
    sa.column("id", sa.Uuid()),
    sa.column("organisation_id", sa.Uuid()),
    sa.column("position"),
    sa.column("email_hash"),
    sa.column("phone_hash"),
    *(sa.column(name) for name in PERSON),
)
delegate = sa.table(
    "delegate",
    sa.column("id", sa.Uuid()),
    sa.column("membership_id", sa.Uuid()),
    sa.column("position"),
    sa.column("email_hash"),
    sa.column("phone_hash"),
    *(sa.column(name) for name in PERSON),
)


def _phone(raw: str | None) -> str | None:
    if not raw:
        return None
    try:
        return normalise_phone(raw)
    except InvalidPhone:
        return raw


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
    op.create_table(
        "contact_person",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("announcements_consented_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=True),
        sa.Column("phone", sa.Text(), nullable=True),
        sa.Column("email_hash", sa.String(length=64), nullable=True),
        sa.Column("phone_hash", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_contact_person_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_person")),
    )
    with op.batch_alter_table("contact_person") as batch_op:
        for column in ("email_hash", "organisation_id", "phone_hash"):
            batch_op.create_index(batch_op.f(f"ix_contact_person_{column}"), [column])

    bind = op.get_bind()
    for org in bind.execute(sa.select(organisation)).all():
        for position, person in enumerate(org.contact_persons or []):
            person = {
                "name": person.get("name") or "",
                "role": person.get("role") or "",
                "email": person.get("email") or None,
                "phone": _phone(person.get("phone")),
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
        batch_op.add_column(sa.Column("position", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("email_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("phone_hash", sa.String(length=64), nullable=True))
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
        batch_op.drop_column("phone_hash")
        batch_op.drop_column("email_hash")
        batch_op.drop_column("position")

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
    op.drop_table("contact_person")
