## Autogenerate writes its draft in SQLAlchemy's words; a migration keeps its tables and added
## columns in dialog_platform.migrations' (Table, create_tables, add_columns: one listing for
## upgrade and downgrade). These lines are the template's own and are not copied.
"""${message}"""

import sqlalchemy as sa
from alembic import op
${imports if imports else ""}

#: This revision and the one it follows (Alembic's chain).
revision, down_revision = ${repr(up_revision)}, ${repr(down_revision)}


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
