"""Mail to an SMTP server that insists on STARTTLS and a login (a submission port, the default
SMTP_SECURITY), with a certificate the channel must verify (a self-signed one made here)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import ipaddress
import ssl
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from dialog_notifications.channels import TemporaryFailure
from dialog_notifications.channels.email import SmtpChannel


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1: (certificate file, key file)."""
    folder = tmp_path_factory.mktemp("tls")
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"


def _login(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=(auth_data.login, auth_data.password) == (b"dialog", b"s3cret"))


class _Controller(Controller):
    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]  # port 0: learn the real one
        super()._trigger_server()


def _mail() -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = (
        "dialog@example.org",
        "ayse@example.org",
        "Test",
    )
    message.set_content("Merhaba")
    return message


def test_mail_is_sent_over_starttls_with_a_login(certificate):
    cert_file, key_file = certificate
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert_file, key_file)
    inbox = Inbox()
    controller = _Controller(
        inbox,
        hostname="127.0.0.1",
        port=0,
        authenticator=_login,
        auth_required=True,
        tls_context=server_context,
        require_starttls=True,
    )
    controller.start()
    try:
        trusting = ssl.create_default_context(cafile=str(cert_file))
        channel = SmtpChannel(
            "127.0.0.1",
            controller.port,
            "starttls",
            "dialog",
            "s3cret",
            timeout=10,
            ssl_context=trusting,
        )
        assert channel.send(_mail()).startswith("250")
        channel.close()
        assert [m["To"] for m in inbox.messages] == ["ayse@example.org"]

        untrusting = SmtpChannel(
            "127.0.0.1", controller.port, "starttls", "dialog", "s3cret", timeout=10
        )
        with pytest.raises(TemporaryFailure):  # the system's CAs do not know this certificate
            untrusting.send(_mail())
        wrong_password = SmtpChannel(
            "127.0.0.1",
            controller.port,
            "starttls",
            "dialog",
            "nope",
            timeout=10,
            ssl_context=trusting,
        )
        with pytest.raises(TemporaryFailure):
            wrong_password.send(_mail())
        assert len(inbox.messages) == 1
    finally:
        controller.stop()
