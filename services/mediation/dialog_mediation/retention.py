"""The retention role (``dialog-mediation retain``): redacts the case files past their
retention period (operations/retention.py), a batch per transaction, once or every
``--every`` seconds as a periodic role (``run_periodic``: through outages, with its health
endpoint); logs counts only."""

from __future__ import annotations

from dialog_platform.db import Database
from dialog_platform.logging import configure_logging, get_logger

from .config import MediationSettings
from .operations.retention import BATCH, due_case_files, redact_case_files

log = get_logger(__name__)


def retain_batch(db: Database, retention_days: int, dry_run: bool = False) -> bool:
    """One batch (a dry run: only count, in a transaction that is rolled back); whether more
    files are due."""
    if dry_run:
        with db.sessions() as session:
            log.info(
                "case files due for redaction (dry run)", **due_case_files(session, retention_days)
            )
            session.rollback()
        return False
    with db.transaction() as session:
        done = redact_case_files(session, retention_days)
    log.info("case files redacted", **done)
    return done["cases"] == BATCH


def main(settings: MediationSettings, every: float | None, dry_run: bool) -> None:
    from dialog_platform.workers import run_periodic

    configure_logging(settings.service, settings.log_level, settings.log_format)
    db = Database.of(settings)
    try:
        if every is None:
            while retain_batch(db, settings.retention_days, dry_run):
                pass
            return
        run_periodic(
            settings, "retain", lambda: retain_batch(db, settings.retention_days, dry_run), every
        )
    finally:
        db.dispose()
