"""``dialog-mediation``: web, relay, consume, migrate, rotate-keys, dead-letters, retain."""

import click

from dialog_platform.cli import service_cli

from .config import MediationSettings

main = service_cli(__package__, MediationSettings)


@main.command(
    help="Redact case files closed more than MEDIATION_RETENTION_DAYS ago: title, description, "
    "requester, notes (recorded redactions), parties' names and channels; figures stay."
)
@click.option("--every", type=float, default=None, help="Repeat every this many seconds.")
@click.option("--dry-run", is_flag=True, help="Only count and log what is due; change nothing.")
def retain(every: float | None, dry_run: bool) -> None:
    from .retention import main as run

    run(MediationSettings.from_env(), every, dry_run)


if __name__ == "__main__":
    main()
