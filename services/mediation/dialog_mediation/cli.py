"""``dialog-mediation``: web, relay, consume, migrate, rotate-keys, dead-letters, retain."""

from dialog_platform.cli import retain_command, service_cli

from .config import MediationSettings

main = service_cli(__package__, MediationSettings)
retain_command(
    main,
    MediationSettings,
    "dialog_mediation.retention:main",
    help="Redact case files closed more than MEDIATION_RETENTION_DAYS ago: title, description, "
    "requester, notes (recorded redactions), parties' names and channels; figures stay.",
    dry_run_help="Only count and log what is due; change nothing.",
)

if __name__ == "__main__":
    main()
