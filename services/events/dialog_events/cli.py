"""``dialog-events``: web, relay, consume, migrate, dead-letters."""

from dialog_platform.cli import service_cli

from .config import EventsSettings

main = service_cli(__package__, EventsSettings)

if __name__ == "__main__":
    main()
