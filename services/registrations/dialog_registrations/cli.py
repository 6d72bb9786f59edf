"""``dialog-registrations``: web, relay, consume, migrate, dead-letters, expire-holds, retain."""

from __future__ import annotations

import click

from dialog_platform.cli import every_option, service_cli
from dialog_platform.clock import utc_now

from .config import RegistrationsSettings

main = service_cli(__package__, RegistrationsSettings)


@main.command(name="expire-holds")
@every_option
def expire_holds_command(every: float | None) -> None:
    """Release pending seats whose email confirmation did not come in time; promote the waiting.
    With ``--every`` a periodic role (``run_periodic``): it outlives database and broker
    outages and serves its health like the relay."""
    from dialog_platform.workers import run_once_or_every

    from .operations.seats import expire_holds

    def release(db) -> bool:
        with db.transaction() as session:
            released = expire_holds(session, utc_now())
        click.echo(f"registrations: {released} held seat(s) released", err=True)
        return False

    run_once_or_every(RegistrationsSettings.from_env(), "expire-holds", release, every)


@main.command(name="retain")
@every_option
@click.option("--dry-run", is_flag=True, help="Say what would be done; change nothing.")
def retain_command(every: float | None, dry_run: bool) -> None:
    """Pseudonymise registrations and invitations of events that ended more than
    REGISTRATIONS_RETENTION_DAYS ago (every figure stays); delete export requests older than a
    day and dead letters about such events. Says what it did in counts, never who. With
    ``--every`` a periodic role (``run_periodic``), through outages."""
    from dialog_platform.workers import run_once_or_every

    from .operations.retention import retain

    settings = RegistrationsSettings.from_env()
    prefix = "registrations: retention (dry run)" if dry_run else "registrations: retention"

    def once(db) -> bool:
        with db.transaction(dry_run) as session:
            done = retain(session, utc_now(), dry_run=dry_run)
        click.echo(f"{prefix}: {done.sentence(settings.retention_days, dry_run)}", err=True)
        return False

    run_once_or_every(settings, "retain", once, every)


if __name__ == "__main__":
    main()
