"""Email channels: SMTP (STARTTLS, TLS or plain, with login) and .eml files for the embedded mode.

``open()`` / ``close()`` bracket a batch, so one SMTP connection carries many mails.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterable
from datetime import datetime
from email.message import Message
from pathlib import Path

from . import PermanentFailure, TemporaryFailure


class SmtpChannel:
    def __init__(
        self,
        host: str,
        port: int,
        security: str = "starttls",
        username: str | None = None,
        password: str | None = None,
        timeout: float = 30,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.host, self.port, self.security = host, port, security
        self.username, self.password, self.timeout = username, password, timeout
        self.ssl_context = ssl_context or ssl.create_default_context()
        self._smtp: smtplib.SMTP | None = None

    def open(self) -> None:
        if self._smtp is not None:
            return
        try:
            if self.security == "tls":
                smtp = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=self.ssl_context
                )
            else:
                smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
                if self.security == "starttls":
                    smtp.starttls(context=self.ssl_context)
            if self.username:
                smtp.login(self.username, self.password or "")
        except (OSError, smtplib.SMTPException) as exc:
            raise TemporaryFailure(
                f"SMTP server {self.host}:{self.port} unreachable: {exc}"
            ) from exc
        self._smtp = smtp

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()

    def send(self, message: Message) -> str:
        self.open()
        try:
            refused = self._smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            raise _by_code(code, text) from exc
        except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
            raise _by_code(exc.smtp_code, exc.smtp_error, sender=True) from exc
        except (OSError, smtplib.SMTPException) as exc:
            self.close()  # the connection is gone; the next send reconnects
            raise TemporaryFailure(f"SMTP connection lost: {exc}") from exc
        if refused:
            code, text = next(iter(refused.values()))
            raise _by_code(code, text)
        return f"250 accepted by {self.host}:{self.port}"


def _by_code(code: int, text: bytes | str, sender: bool = False):
    answer = f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"
    # 5xx for a recipient or the content is final; a refused sender is our configuration.
    if 500 <= code < 600 and not sender:
        return PermanentFailure(answer)
    return TemporaryFailure(answer)


class EmlFolderChannel:
    """Writes each mail as ``<Message-ID>.eml`` into a folder (the embedded default); the
    Message-ID is the delivery's id, so erasure and retention find a person's mails by it."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)

    def close(self) -> None:
        pass

    def send(self, message: Message) -> str:
        self.open()
        path = self.folder / eml_name(message["Message-ID"])
        draft = path.with_suffix(".part")
        draft.write_bytes(bytes(message))
        draft.replace(path)
        # The folder only: the file's name (<delivery id>@<domain>) would read as an address.
        return f"written to {self.folder}"

    def remove(
        self, message_ids: Iterable[str] = (), before: datetime | None = None, dry_run=False
    ) -> int:
        """Delete the mails with these Message-IDs and (given ``before``) every mail written
        before then; how many there were."""
        if not self.folder.is_dir():
            return 0
        names = {eml_name(message_id) for message_id in message_ids}
        doomed = [
            path
            for path in self.folder.glob("*.eml")
            if path.name in names or (before and path.stat().st_mtime < before.timestamp())
        ]
        if not dry_run:
            for path in doomed:
                path.unlink(missing_ok=True)
        return len(doomed)


def eml_name(message_id: str) -> str:
    """The file a mail is written to: its Message-ID (the delivery id) without brackets."""
    return message_id.strip("<>").replace("/", "_") + ".eml"
