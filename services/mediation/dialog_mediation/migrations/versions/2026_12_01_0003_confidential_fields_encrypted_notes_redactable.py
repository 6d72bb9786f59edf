"""confidential fields encrypted (case title, description, requester; parties' names and
channels with lookup hashes; notes), notes redactable, case files' retention stamp

The notes stay append-only. Their trigger now admits exactly two changes, each only in a
maintenance mode of the changing transaction (see dialog_mediation/maintenance.py): a
re-encryption (the body written again, nothing else) and a redaction (the body removed,
``redacted_at`` and ``redacted_by`` stamped, once). Every other UPDATE and every DELETE is refused
as before; the audit trail's trigger is unchanged. Existing rows are encrypted here with the
data keys ``dialog-mediation migrate`` sets, the parties' numbers put in E.164 where they read as
one.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

from dialog_platform.crypto import keyring
from dialog_platform.migrations import phone_as_kept
from dialog_platform.personal import email_hash, phone_hash

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0003", "0002"

#: table -> {column: its width before this revision (None: already TEXT)}
ENCRYPTED = {
    "mediation_case": {"title": 200, "description": None, "requester_name": 200},
    "party": {"name": 200, "email": 254, "phone": 20},
    "timeline_entry": {"body": None},
}
ENCRYPTED_NAMES = {name for columns in ENCRYPTED.values() for name in columns}
#: What timeline_entry's columns must keep in every change.
FIXED = ("id", "case_id", "kind", "corrects_id", "author_subject", "author_name", "created_at")
#: The marker a redacted note gets back if this revision is undone (the column was NOT NULL).
REDACTED = "(This entry was redacted.)"
MESSAGE = "timeline_entry is append-only: its rows cannot be changed or deleted"


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _guard() -> None:
    """The notes' trigger: refuse every change but the two maintenance ones."""
    if _postgresql():
        fixed = ", ".join(f"NEW.{c}" for c in FIXED), ", ".join(f"OLD.{c}" for c in FIXED)
        op.execute(
            f"""
            CREATE FUNCTION guard_timeline_entry() RETURNS trigger AS $$
            DECLARE
                mode text := coalesce(current_setting('dialog.maintenance', true), '');
            BEGIN
                IF TG_OP = 'UPDATE' AND ({fixed[0]}) IS NOT DISTINCT FROM ({fixed[1]}) THEN
                    IF mode = 'reencrypt' AND (NEW.body IS NULL) = (OLD.body IS NULL)
                       AND (NEW.redacted_at, NEW.redacted_by)
                           IS NOT DISTINCT FROM (OLD.redacted_at, OLD.redacted_by) THEN
                        RETURN NEW;
                    END IF;
                    IF mode = 'redact' AND OLD.redacted_at IS NULL AND NEW.body IS NULL
                       AND NEW.redacted_at IS NOT NULL AND NEW.redacted_by IS NOT NULL THEN
                        RETURN NEW;
                    END IF;
                END IF;
                RAISE EXCEPTION '{MESSAGE} (only re-encrypted or redacted, in maintenance)';
            END;
            $$ LANGUAGE plpgsql
            """
        )
        op.execute(
            "CREATE TRIGGER timeline_entry_append_only BEFORE UPDATE OR DELETE ON timeline_entry "
            "FOR EACH ROW EXECUTE FUNCTION guard_timeline_entry()"
        )
        return
    op.execute("CREATE TABLE maintenance_mode (mode VARCHAR(20) NOT NULL)")
    fixed = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in FIXED)
    op.execute(
        f"""
        CREATE TRIGGER timeline_entry_no_update BEFORE UPDATE ON timeline_entry
        WHEN NOT ({fixed} AND (
            (EXISTS (SELECT 1 FROM maintenance_mode WHERE mode = 'reencrypt')
             AND (NEW.body IS NULL) = (OLD.body IS NULL)
             AND NEW.redacted_at IS OLD.redacted_at AND NEW.redacted_by IS OLD.redacted_by)
            OR (EXISTS (SELECT 1 FROM maintenance_mode WHERE mode = 'redact')
             AND OLD.redacted_at IS NULL AND NEW.body IS NULL
             AND NEW.redacted_at IS NOT NULL AND NEW.redacted_by IS NOT NULL)))
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
        """
    )
    op.execute(
        "CREATE TRIGGER timeline_entry_no_delete BEFORE DELETE ON timeline_entry "
        "BEGIN SELECT RAISE(ABORT, 'timeline_entry is append-only'); END"
    )


def _unguard() -> None:
    """Drop the notes' trigger (this revision's or 0002's)."""
    if _postgresql():
        op.execute("DROP TRIGGER IF EXISTS timeline_entry_append_only ON timeline_entry")
        op.execute("DROP FUNCTION IF EXISTS guard_timeline_entry()")
        return
    for verb in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS timeline_entry_no_{verb}")
    op.execute("DROP TABLE IF EXISTS maintenance_mode")


def _refuse_all() -> None:
    """0002's trigger on the notes, as it was."""
    if _postgresql():
        op.execute(
            "CREATE TRIGGER timeline_entry_append_only BEFORE UPDATE OR DELETE ON timeline_entry "
            "FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()"
        )
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER timeline_entry_no_{verb.lower()} BEFORE {verb} ON timeline_entry "
            "BEGIN SELECT RAISE(ABORT, 'timeline_entry is append-only'); END"
        )


def _widths(table: str, to_text: bool) -> None:
    """The encrypted columns as TEXT (a token is longer than the text), or back. Only on
    PostgreSQL: SQLite does not hold a text to its column's width, and changing a column there
    copies the table, which would cascade deletes to the rows that refer to it."""
    if not _postgresql():
        return
    for name, width in ENCRYPTED[table].items():
        if width is not None:
            before, after = sa.String(length=width), sa.Text()
            if not to_text:
                before, after = after, before
            op.alter_column(table, name, existing_type=before, type_=after)


def _rewrite(table: str, change) -> None:
    """Every row of ``table``'s encrypted columns through ``change`` (values -> values)."""
    bind = op.get_bind()
    columns = list(ENCRYPTED[table])
    extra = ["email_hash", "phone_hash"] if table == "party" else []
    rows = sa.table(table, sa.column("id", sa.Uuid()), *map(sa.column, columns + extra))
    for row in bind.execute(sa.select(rows.c.id, *(rows.c[c] for c in columns))).all():
        values = change(dict(zip(columns, row[1:], strict=True)))
        bind.execute(rows.update().where(rows.c.id == row.id).values(**values))


def _sealed(values: dict) -> dict:
    if "phone" in values:
        values["phone"] = phone_as_kept(values["phone"])
        values["email_hash"] = email_hash(values["email"]) if values["email"] else None
        values["phone_hash"] = phone_hash(values["phone"]) if values["phone"] else None
    return {
        name: keyring().encrypt(value) if name in ENCRYPTED_NAMES and value is not None else value
        for name, value in values.items()
    }


def _opened(values: dict) -> dict:
    return {name: None if v is None else keyring().decrypt(v) for name, v in values.items()}


@contextmanager
def _corrections_set_aside() -> Iterator[None]:
    """While the block changes timeline_entry: SQLite changes a column by copying the table,
    and dropping the old copy would break (foreign keys on) every correction pointing into it;
    so the corrections' links are kept aside meanwhile and put back after."""
    if _postgresql():
        yield
        return
    bind = op.get_bind()
    notes = sa.table(
        "timeline_entry", sa.column("id", sa.Uuid()), sa.column("corrects_id", sa.Uuid())
    )
    links = bind.execute(sa.select(notes).where(notes.c.corrects_id.is_not(None))).all()
    bind.execute(notes.update().values(corrects_id=None))
    yield
    for link in links:
        bind.execute(
            notes.update().where(notes.c.id == link.id).values(corrects_id=link.corrects_id)
        )


def upgrade() -> None:
    _unguard()
    op.add_column("mediation_case", sa.Column("file_redacted_at", sa.DateTime(timezone=True)))
    _widths("mediation_case", to_text=True)
    op.add_column("party", sa.Column("email_hash", sa.String(length=64), nullable=True))
    op.add_column("party", sa.Column("phone_hash", sa.String(length=64), nullable=True))
    _widths("party", to_text=True)
    op.create_index(op.f("ix_party_email_hash"), "party", ["email_hash"], unique=False)
    op.create_index(op.f("ix_party_phone_hash"), "party", ["phone_hash"], unique=False)
    with _corrections_set_aside(), op.batch_alter_table("timeline_entry") as batch_op:
        batch_op.add_column(sa.Column("redacted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("redacted_by", sa.String(length=200), nullable=True))
        batch_op.alter_column("body", existing_type=sa.Text(), nullable=True)
    for table in ENCRYPTED:
        _rewrite(table, _sealed)
    _guard()


def downgrade() -> None:
    _unguard()
    for table in ENCRYPTED:
        _rewrite(table, _opened)
    notes = sa.table("timeline_entry", sa.column("body"))
    op.execute(notes.update().where(notes.c.body.is_(None)).values(body=REDACTED))
    with _corrections_set_aside(), op.batch_alter_table("timeline_entry") as batch_op:
        batch_op.alter_column("body", existing_type=sa.Text(), nullable=False)
        batch_op.drop_column("redacted_by")
        batch_op.drop_column("redacted_at")
    _refuse_all()
    op.drop_index(op.f("ix_party_phone_hash"), table_name="party")
    op.drop_index(op.f("ix_party_email_hash"), table_name="party")
    _widths("party", to_text=False)
    op.drop_column("party", "phone_hash")
    op.drop_column("party", "email_hash")
    _widths("mediation_case", to_text=False)
    op.drop_column("mediation_case", "file_redacted_at")
