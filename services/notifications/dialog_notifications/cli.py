"""``dialog-notifications``: web, relay, consume, schedule, retain, migrate, dead-letters."""

from dialog_platform.cli import retain_command, service_cli

from .config import NotificationsSettings

main = service_cli(__package__, NotificationsSettings)


@main.command(help="Send due messages and reminders (several instances may run at once).")
def schedule() -> None:
    from .scheduler import main as run

    run(NotificationsSettings.from_env())


retain_command(
    main,
    NotificationsSettings,
    "dialog_notifications.scheduler:retain",
    help="Forget what is past its retention period: recipients of events that ended "
    "NOTIFICATIONS_RETENTION_DAYS ago, old mail files and SMS log lines, and the delivery "
    "log's answers after NOTIFICATIONS_ATTEMPT_RETENTION_DAYS.",
    dry_run_help="Count what would go; change nothing.",
)

if __name__ == "__main__":
    main()
