"""consent records per purpose, with the exact text shown

Revision ID: 0005
Revises: 0004
A registration's consent columns (text version, when given, SMS consent and when) become
consent records, one per purpose, each naming its text by purpose, version and language; the
texts of version 2026-11-consent-v1, which the form showed until now, are stored as they were
in the catalogues. Which language a person saw them in was not kept: their messages' language
stands for it.

Create Date: 2026-12-01 13:00:00
"""

import uuid

import sqlalchemy as sa
from alembic import op

from dialog_platform.migrations import Table, create_tables, drop_tables
from dialog_registrations.migrations.rebuild import registrations_rebuildable

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = "0005", "0004"

FORMER_VERSION = "2026-11-consent-v1"
#: purpose -> language -> the text of FORMER_VERSION.
FORMER_TEXTS = {
    "registration": {
        "de": "Ich bin einverstanden, dass die Veranstalter meine Angaben speichern, um diese "
        "Veranstaltung durchzuführen und mir dazu zu schreiben. Sie werden nach der "
        "Veranstaltung gelöscht.",
        "en": "I agree that the organisers store my details to run this event and to write to "
        "me about it. They are deleted after the event.",
        "tr": "Düzenleyicilerin bu etkinliği yürütmek ve bana bu konuda yazmak için "
        "bilgilerimi saklamasını kabul ediyorum. Bilgiler etkinlikten sonra silinir.",
        "ar": "أوافق على أن يحفظ المنظمون بياناتي لتنظيم هذه الفعالية ومراسلتي بشأنها. تُحذف "
        "البيانات بعد الفعالية.",
    },
    "sms_reminders": {
        "de": "Bitte erinnern Sie mich auch per SMS (Telefonnummer nötig).",
        "en": "Please remind me by SMS as well (needs a phone number).",
        "tr": "Lütfen bana SMS ile de hatırlatın (telefon numarası gerekir).",
        "ar": "يرجى تذكيري أيضًا عبر رسالة قصيرة (يتطلب رقم هاتف).",
    },
}
#: Registration.source -> where its consent was given.
SOURCES = {"web": "form", "api": "api", "invitation": "invitation", "staff": "staff"}

registration = sa.table(
    "registration",
    sa.column("id", sa.Uuid()),
    sa.column("language", sa.String()),
    sa.column("source", sa.String()),
    sa.column("consent_text_version", sa.String()),
    sa.column("consent_given_at", sa.DateTime(timezone=True)),
    sa.column("sms_consent", sa.Boolean()),
    sa.column("sms_consent_at", sa.DateTime(timezone=True)),
)
FORMER_COLUMNS = (
    sa.Column("consent_text_version", sa.String(length=40), nullable=True),
    sa.Column("consent_given_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("sms_consent", sa.Boolean(), nullable=True),
    sa.Column("sms_consent_at", sa.DateTime(timezone=True), nullable=True),
)


TABLES = (
    Table(
        "consent_text",
        """
        purpose   varchar(40)
        version   varchar(40)
        language  varchar(8)
        text      text
        """,
        primary_key="purpose version language",
    ),
    Table(
        "consent",
        """
        id               uuid
        registration_id  uuid         references registration
        purpose          varchar(40)
        text_version     varchar(40)
        language         varchar(8)
        given_at         timestamp
        source           varchar(20)
        withdrawn_at     timestamp?
        withdrawn_by     varchar(20)?
        """,
        indexes=("registration_id",),
        constraints=(
            sa.ForeignKeyConstraint(
                ["purpose", "text_version", "language"],
                ["consent_text.purpose", "consent_text.version", "consent_text.language"],
                name="fk_consent_purpose_consent_text",
            ),
        ),
    ),
)


def _records(rows) -> list[dict]:
    records = []
    for row in rows:
        common = {
            "registration_id": row.id,
            "text_version": row.consent_text_version,
            "language": row.language,
            "source": SOURCES.get(row.source, "form"),
        }
        records.append(
            common
            | {"id": uuid.uuid4(), "purpose": "registration", "given_at": row.consent_given_at}
        )
        if row.sms_consent:
            at = row.sms_consent_at or row.consent_given_at
            records.append(
                common | {"id": uuid.uuid4(), "purpose": "sms_reminders", "given_at": at}
            )
    return records


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(registration)).all()
    with registrations_rebuildable(), op.batch_alter_table("registration") as batch_op:
        for column in FORMER_COLUMNS:
            batch_op.drop_column(column.name)
    texts, consents = create_tables(*TABLES)
    records = _records(rows)
    wanted = {(r["purpose"], r["text_version"], r["language"]) for r in records}
    wanted |= {
        (purpose, FORMER_VERSION, language)
        for purpose, by_language in FORMER_TEXTS.items()
        for language in by_language
    }
    rows_of_texts = [
        {
            "purpose": purpose,
            "version": version,
            "language": language,
            # A version this file does not know was never shown by this code: say so.
            "text": FORMER_TEXTS.get(purpose, {}).get(language, "")
            if version == FORMER_VERSION
            else f"(text of version {version} not kept)",
        }
        for purpose, version, language in sorted(wanted)
    ]
    op.bulk_insert(texts, rows_of_texts)
    if records:
        op.bulk_insert(consents, records)


def downgrade() -> None:
    bind = op.get_bind()
    consent = sa.table(
        "consent",
        sa.column("registration_id", sa.Uuid()),
        sa.column("purpose", sa.String()),
        sa.column("text_version", sa.String()),
        sa.column("given_at", sa.DateTime(timezone=True)),
        sa.column("withdrawn_at", sa.DateTime(timezone=True)),
    )
    records = bind.execute(sa.select(consent).order_by(consent.c.given_at)).all()
    drop_tables(*TABLES)
    with op.batch_alter_table("registration") as batch_op:
        for column in FORMER_COLUMNS:
            batch_op.add_column(column._copy())
    for row in records:  # the latest consent to the registration; SMS while it holds
        if row.purpose == "registration":
            values = {"consent_text_version": row.text_version, "consent_given_at": row.given_at}
        elif row.withdrawn_at is None:
            values = {"sms_consent": True, "sms_consent_at": row.given_at}
        else:
            continue
        bind.execute(
            sa.update(registration).where(registration.c.id == row.registration_id).values(values)
        )
    bind.execute(
        sa.update(registration)
        .where(registration.c.sms_consent.is_(None))
        .values(sms_consent=False)
    )
    with registrations_rebuildable(), op.batch_alter_table("registration") as batch_op:
        for name in ("consent_text_version", "consent_given_at", "sms_consent"):
            batch_op.alter_column(name, existing_type=_type(name), nullable=False)


def _type(name: str):
    return next(column.type for column in FORMER_COLUMNS if column.name == name)
