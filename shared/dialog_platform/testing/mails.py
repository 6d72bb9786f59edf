"""The mails a test's platform wrote as .eml files (the embedded mail channel), as a person's
mail program would read them."""

from __future__ import annotations

import email
from email.message import Message
from pathlib import Path


def mails_in(folder: Path) -> list[Message]:
    """The mails in ``folder``, oldest first."""
    files = sorted(Path(folder).glob("*.eml"), key=lambda path: path.stat().st_mtime)
    return [email.message_from_bytes(path.read_bytes()) for path in files]


def text_of(mail: Message) -> str:
    """The mail's plain text part, decoded ("" when it has none)."""
    for part in mail.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""
