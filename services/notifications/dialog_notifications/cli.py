"""``dialog-notifications``: web, relay, consume, schedule, migrate, dead-letters."""

from dialog_platform.cli import service_cli

from .config import SERVICE, load_settings


def _handlers() -> dict:
    from .messaging.handlers import HANDLERS

    return HANDLERS


main = service_cli(SERVICE, __package__, handlers=_handlers)


@main.command(help="Send due messages and reminders (several instances may run at once).")
def schedule() -> None:
    from .scheduler import main as run

    run(load_settings())


if __name__ == "__main__":
    main()
