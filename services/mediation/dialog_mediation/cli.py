"""``dialog-mediation``: web, relay, consume, migrate, dead-letters."""

from dialog_platform.cli import service_cli

from .config import MediationSettings

main = service_cli(__package__, MediationSettings)

if __name__ == "__main__":
    main()
