"""Email channels: SMTP (STARTTLS, TLS or plain, with login) and .eml files for the embedded mode.

The SMTP connection opens with the first mail and stays open across batches until ``close()``;
one idle for a while is checked (NOOP) before it carries the next mail, and a lost one is
opened again. A mail is handed off with its content, after the server's 354 to DATA: ``send``'s
``ready`` returns before that (the scheduler waits there for the record of the mail before),
and if it raises the connection is dropped, so the server discards the mail unsent. Mails go
out as the email package writes them in its compat32 policy, with the costly steps done once
(``WIRE``). An address's domain beyond ASCII goes in its IDNA form; a part before the @ beyond
ASCII needs a server offering SMTPUTF8 (refused for good otherwise, not retried for hours).
"""

from __future__ import annotations

import copy
import smtplib
import ssl
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from email.header import Header
from email.message import Message
from email.policy import Compat32
from email.utils import getaddresses, parseaddr
from functools import lru_cache
from pathlib import Path

import idna

from . import PermanentFailure, TemporaryFailure

#: Seconds a connection may sit idle before it is checked (NOOP) ahead of the next mail.
CHECK_IDLE = 5.0


class _Wire(Compat32):
    """compat32 as it folds headers, with what is costly done once: a header line that is short
    ASCII text stays as it is (what folding gives it), and an encoded header (a subject, the
    same for every recipient of a message in a language) is folded once per text."""

    _folded: dict[tuple, str] = {}

    def _fold(self, name: str, value, sanitize: bool) -> str:
        if isinstance(value, str):
            line = f"{name}: {value}"
            short = len(line) <= (self.max_line_length or len(line))
            if short and line.isascii() and _one_line(value):
                return line + self.linesep
            return super()._fold(name, value, sanitize)
        if not isinstance(value, Header):
            return super()._fold(name, value, sanitize)
        key = (name, self.max_line_length, self.linesep, value._headerlen, value._continuation_ws)
        key += tuple((text, str(charset)) for text, charset in value._chunks)
        folded = self._folded.get(key)
        if folded is None:
            if len(self._folded) > 4096:
                self._folded.clear()
            folded = self._folded[key] = super()._fold(name, value, sanitize)
        return folded


def _one_line(value: str) -> bool:
    return "\n" not in value and "\r" not in value and value == value.strip(" \t")


#: The policy a mail is written to the SMTP server in.
WIRE = _Wire(linesep="\r\n")


def on_the_wire(message: Message, to: list[str] | None = None) -> Message:
    """A copy of ``message`` to write in ``WIRE``, its ``To`` header given as ``to`` (the
    addresses as SMTP carries them: ``wire_address``), if given. Its multipart boundaries are set
    here (as the generator would, but without its search of the text: a random UUID is not in
    it)."""
    for part in message.walk():
        if part.is_multipart() and part.get_boundary() is None:
            part.set_boundary(f"==============={uuid.uuid4().hex}==")
    wire = copy.copy(message)
    wire.policy = WIRE
    if to is not None:
        wire._headers = list(message._headers)  # the copy's own, the message's unchanged
        # An address beyond ASCII goes as UTF-8 (SMTPUTF8), not as an encoded word, which no
        # address may be: the bytes ride through compat32 as surrogates, unfolded.
        value = ", ".join(to).encode().decode("ascii", "surrogateescape")
        wire.replace_header("To", value)
    return wire


def wire_address(address: str) -> str:
    """``address`` as SMTP carries it: a domain beyond ASCII in its IDNA form (ali@münchen.de
    goes to ali@xn--mnchen-3ya.de, which every server takes); the part before the @ as given
    (beyond ASCII it needs a server with SMTPUTF8)."""
    local, at, domain = address.rpartition("@")
    if not at or domain.isascii():
        return address
    try:
        return f"{local}@{idna.encode(domain, uts46=True).decode('ascii')}"
    except idna.IDNAError:
        raise PermanentFailure("the address's domain is not a valid domain name") from None


class _Smtp(smtplib.SMTP):
    """smtplib's client, calling ``ready`` between the server's 354 to DATA and the mail's
    content (the hand-off); if ``ready`` raises, the connection is closed mid-mail."""

    ready: Callable[[], None] = staticmethod(lambda: None)
    _at_data = False

    def data(self, msg):
        self._at_data = True
        try:
            return super().data(msg)
        finally:
            self._at_data = False

    def getreply(self):
        code, text = super().getreply()
        if self._at_data:  # the answer to DATA: the content comes next
            self._at_data = False
            if code == 354:
                try:
                    self.ready()
                except BaseException:
                    self.close()
                    raise
        return code, text


class _SmtpSsl(_Smtp, smtplib.SMTP_SSL):
    pass


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
        self._used = 0.0  # when the connection last carried a command (monotonic)

    def open(self) -> None:
        if self._smtp is not None and not self._gone():
            return
        self.close()
        try:
            if self.security == "tls":
                smtp = _SmtpSsl(
                    self.host, self.port, timeout=self.timeout, context=self.ssl_context
                )
            else:
                smtp = _Smtp(self.host, self.port, timeout=self.timeout)
                if self.security == "starttls":
                    smtp.starttls(context=self.ssl_context)
            smtp.ehlo_or_helo_if_needed()  # what the server offers (SMTPUTF8) is known
            if self.username:
                smtp.login(self.username, self.password or "")
        except (OSError, smtplib.SMTPException) as exc:
            raise TemporaryFailure(
                f"SMTP server {self.host}:{self.port} unreachable: {exc}"
            ) from exc
        self._smtp = smtp
        self._used = time.monotonic()

    def _gone(self) -> bool:
        """Whether the open connection, idle for more than CHECK_IDLE seconds, was dropped
        (servers close idle ones; a mail must not be the first to find out)."""
        if time.monotonic() - self._used < CHECK_IDLE:
            return False
        try:
            alive = self._smtp.noop()[0] == 250
        except (OSError, smtplib.SMTPException):
            return True
        self._used = time.monotonic()
        return not alive

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()

    def send(self, message: Message, ready: Callable[[], None] = lambda: None) -> str:
        """Hand ``message`` off once ``ready`` returns (called when the server waits for the
        content); the server's answer."""
        given = [address for _name, address in getaddresses([message["To"]])]
        to = [wire_address(address) for address in given]
        self.open()
        smtp = self._smtp
        international = not all(address.isascii() for address in to)
        if international and not smtp.has_extn("smtputf8"):
            raise PermanentFailure(
                "the mail server takes no address with letters beyond ASCII before the @ "
                "(it does not offer SMTPUTF8)"
            )
        smtp.ready = ready
        try:
            wire = on_the_wire(message, to if to != given else None)
            if international:  # smtplib's send_message cannot write a compat32 mail so
                options = ["SMTPUTF8", "BODY=8BITMIME"]
                refused = smtp.sendmail(_sender(message["From"]), to, wire.as_bytes(), options)
            else:
                refused = smtp.send_message(wire, _sender(message["From"]), to)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            raise _by_code(code, text) from exc
        except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
            raise _by_code(exc.smtp_code, exc.smtp_error, sender=True) from exc
        except (OSError, smtplib.SMTPException) as exc:
            self.close()  # the connection is gone; the next send reconnects
            raise TemporaryFailure(f"SMTP connection lost: {exc}") from exc
        except BaseException:  # ``ready`` raised (the mail was not sent), or worse
            self.close()
            raise
        finally:
            del smtp.ready
            self._used = time.monotonic()
        if refused:
            code, text = next(iter(refused.values()))
            raise _by_code(code, text)
        return f"250 accepted by {self.host}:{self.port}"


@lru_cache(maxsize=64)
def _sender(from_header: str) -> str:
    """The envelope sender of a From header (the same for every mail: parsed once)."""
    return parseaddr(from_header)[1]


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

    def send(self, message: Message, ready: Callable[[], None] = lambda: None) -> str:
        self.open()
        ready()
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
