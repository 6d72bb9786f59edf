"""``dialog-events``: web, relay, consume, migrate, dead-letters."""

from dialog_platform.cli import service_cli

from .config import SERVICE


def _handlers() -> dict:
    from .messaging.handlers import HANDLERS

    return HANDLERS


main = service_cli(SERVICE, __package__, handlers=_handlers)

if __name__ == "__main__":
    main()
