"""``dialog-notifications``: web, relay, consume, schedule, retain, migrate, dead-letters."""

import click

from dialog_platform.cli import service_cli

from .config import NotificationsSettings

main = service_cli(__package__, NotificationsSettings)


@main.command(help="Send due messages and reminders (several instances may run at once).")
def schedule() -> None:
    from .scheduler import main as run

    run(NotificationsSettings.from_env())


@main.command(
    help="Forget what is past its retention period: recipients of events that ended "
    "NOTIFICATIONS_RETENTION_DAYS ago, old mail files and SMS log lines, and the delivery "
    "log's answers after NOTIFICATIONS_ATTEMPT_RETENTION_DAYS."
)
@click.option("--every", type=float, default=None, help="Repeat every this many seconds.")
@click.option("--dry-run", is_flag=True, help="Count what would go; change nothing.")
def retain(every: float | None, dry_run: bool) -> None:
    from .scheduler import retain as run

    run(NotificationsSettings.from_env(), every, dry_run)


if __name__ == "__main__":
    main()
