"""``dialog-notifications``: web, relay, consume, schedule, migrate, dead-letters."""

from dialog_platform.cli import service_cli

from .config import NotificationsSettings

main = service_cli(__package__, NotificationsSettings)


@main.command(help="Send due messages and reminders (several instances may run at once).")
def schedule() -> None:
    from .scheduler import main as run

    run(NotificationsSettings.from_env())


if __name__ == "__main__":
    main()
