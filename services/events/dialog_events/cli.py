"""``dialog-events``: web, relay, migrate, dead-letters."""

from dialog_platform.cli import service_cli

from .config import SERVICE

main = service_cli(SERVICE, __package__, handlers=None)

if __name__ == "__main__":
    main()
