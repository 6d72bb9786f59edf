"""Real servers for the channels: an SMTP server (aiosmtpd) that can be stopped and started
again on the same port, and a local HTTP server speaking Twilio's Messages API; the embedded
mode's channels (a mail folder and an SMS log) where the service's settings put them; and
``Traces``, which finds a person's contact data wherever it is still kept."""

from __future__ import annotations

import base64
import email
import email.policy
import json
import os
import re
import threading
import uuid
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import phonenumbers
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import inspect, select, text

from dialog_notifications.channels.email import EmlFolderChannel, SmtpChannel
from dialog_notifications.channels.sms import SmsLogChannel, TwilioChannel
from dialog_notifications.dispatch import Dispatcher
from dialog_notifications.models import Base


class Mailbox:
    """aiosmtpd handler: keeps every accepted mail; refuses addresses starting with "rejected"."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("rejected"):
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.lock:
            self.messages.append(parsed)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]


class _Controller(Controller):
    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]  # port 0: learn the real one
        super()._trigger_server()


class SmtpServer:
    """``utf8``: the server offers SMTPUTF8 (addresses beyond ASCII before the @)."""

    def __init__(self, utf8: bool = False) -> None:
        self.mailbox = Mailbox()
        self.port = 0
        self.controller = None
        self.utf8 = utf8

    def start(self) -> None:
        self.controller = _Controller(
            self.mailbox, hostname="127.0.0.1", port=self.port, enable_SMTPUTF8=self.utf8
        )
        self.controller.start()
        self.port = self.controller.port

    def stop(self) -> None:
        self.controller.stop()
        self.controller = None

    def process_env(self, **more: str) -> dict[str, str]:
        """This process's environment with the mails going to this server (plain SMTP), and
        ``more``: for a role started as its own process."""
        return dict(
            os.environ,
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=str(self.port),
            SMTP_SECURITY="none",
            **more,
        )


@pytest.fixture
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    if server.controller is not None:
        server.stop()


TWILIO_SID = "AC" + "0" * 32
TWILIO_TOKEN = "test-auth-token"
E164 = re.compile(r"^\+[1-9]\d{6,14}$")


class TwilioApi(BaseHTTPRequestHandler):
    """Twilio's ``POST /2010-04-01/Accounts/{Sid}/Messages.json``, with its error answers."""

    def do_POST(self):
        fake = self.server.fake
        length = int(self.headers.get("Content-Length", 0))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        expected = "Basic " + base64.b64encode(f"{TWILIO_SID}:{TWILIO_TOKEN}".encode()).decode()
        if self.path != f"/2010-04-01/Accounts/{TWILIO_SID}/Messages.json":
            return self._answer(
                404, {"code": 20404, "message": "The requested resource was not found"}
            )
        if self.headers.get("Authorization") != expected:
            return self._answer(401, {"code": 20003, "message": "Authenticate"})
        if fake.unavailable > 0:
            fake.unavailable -= 1
            return self._answer(503, {"code": 20500, "message": "Service Unavailable"})
        to = form.get("To", "")
        if not E164.match(to):
            return self._answer(
                400,
                {"code": 21211, "message": f"The 'To' number {to} is not a valid phone number."},
            )
        sid = "SM" + uuid.uuid4().hex
        fake.messages.append(form)
        resource = {"sid": sid, "status": "queued", "to": to, "from": form.get("From")}
        resource |= {"body": form.get("Body"), "account_sid": TWILIO_SID, "error_code": None}
        return self._answer(201, resource)

    def _answer(self, status: int, body: dict) -> None:
        if status >= 400:
            body = body | {
                "status": status,
                "more_info": f"https://www.twilio.com/docs/errors/{body['code']}",
            }
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *_args):
        pass


@pytest.fixture
def twilio():
    server = ThreadingHTTPServer(("127.0.0.1", 0), TwilioApi)
    server.fake = type("Fake", (), {})()
    server.fake.messages, server.fake.unavailable = [], 0
    server.fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.fake
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def twilio_channel(twilio):
    return TwilioChannel(twilio.url, TWILIO_SID, TWILIO_TOKEN, "+4915100000000")


@pytest.fixture
def dispatcher(smtp_server, twilio_channel, clock):
    """A dispatcher to the test's SMTP server and Twilio stand-in, at the test's fixed clock;
    its SMTP connection (open from batch to batch) closed at the end."""
    dispatcher = Dispatcher(
        SmtpChannel("127.0.0.1", smtp_server.port, security="none", timeout=5),
        twilio_channel,
        mail_from="Dialog <no-reply@dialog.example.org>",
        public_url="http://notifications.test",
    )
    yield dispatcher
    dispatcher.close()


@pytest.fixture
def sms_log_channel(tmp_path):
    return SmsLogChannel(tmp_path / "sms.log")


@pytest.fixture
def files(app):
    """The mail folder and the SMS log where this app's settings put them (as erasure and
    retention find them)."""
    settings = app.config["DIALOG_SETTINGS"]
    return EmlFolderChannel(settings.mail_dir), SmsLogChannel(settings.sms_log)


@pytest.fixture
def embedded_dispatcher(files, clock):
    """A dispatcher writing mails into the folder and SMS into the log, as the embedded mode."""
    mail, sms = files
    return Dispatcher(
        mail, sms, mail_from="Dialog <no-reply@localhost>", public_url="http://n.test"
    )


@dataclass(frozen=True)
class Traces:
    """A person's name, email address (in any case) and phone number (E.164; found in any
    format: +49 151 ..., 0151/..., 0049...)."""

    name: str
    email: str
    phone: str | None = None

    def in_text(self, content: str) -> list[str]:
        """What of the person ``content`` holds."""
        found = [what for what in (self.name, self.email) if what.lower() in content.lower()]
        if self.phone and self._number.search(content):
            found.append(self.phone)
        return found

    @property
    def _number(self) -> re.Pattern[str]:
        digits = str(phonenumbers.parse(self.phone).national_number)
        return re.compile(r"[ ()./-]*".join(digits))

    def in_database(self, db) -> list[str]:
        """Every ``table.column`` holding some of it: as stored (each value cast to text) and as
        the service reads it (encrypted columns decrypted)."""
        found = []
        with db.engine.connect() as connection:
            inspector = inspect(connection)
            for table in inspector.get_table_names():
                for column in inspector.get_columns(table):
                    name = column["name"]
                    query = text(f'SELECT CAST("{name}" AS TEXT) FROM "{table}"')
                    for value in connection.execute(query).scalars():
                        if value and self.in_text(value):
                            found.append(f"{table}.{name} (stored)")
        with db.transaction() as session:
            for mapper in Base.registry.mappers:
                for row in session.scalars(select(mapper.class_)):
                    for column in mapper.columns:
                        value = getattr(row, column.key)
                        shown = json.dumps(value, default=str, ensure_ascii=False)
                        if value is not None and self.in_text(shown):
                            found.append(f"{mapper.persist_selectable.name}.{column.key} (read)")
        return sorted(set(found))

    def in_files(self, mail: EmlFolderChannel, sms: SmsLogChannel) -> list[str]:
        """The mail files and SMS log lines holding some of it."""
        paths = sorted(mail.folder.glob("*.eml")) if mail.folder.is_dir() else []
        found = [path.name for path in paths if self.in_text(_readable(path))]
        if sms.path.exists():
            lines = sms.path.read_text().splitlines()
            found += [f"sms.log:{n}" for n, line in enumerate(lines, 1) if self.in_text(line)]
        return found


@pytest.fixture
def traces():
    """``traces(name, email, phone=None)``: where that person's contact data is still kept."""
    return Traces


def _readable(path) -> str:
    """A mail file as its reader sees it: headers and every part decoded."""
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    parts = [part.get_content() for part in message.walk() if not part.is_multipart()]
    headers = [f"{key}: {value}" for key, value in message.items()]
    return "\n".join(headers + [p if isinstance(p, str) else p.decode() for p in parts])
