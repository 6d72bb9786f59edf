"""The back office's logger (JSON lines, like every service; never a token or a password)."""

from dialog_platform.logging import get_logger

log = get_logger("dialog.backoffice")
