"""Addresses beyond ASCII, as people of this programme have them, at a real SMTP server: a
domain like münchen.de goes in its IDNA form (every server takes it); a name before the @ like
ayşe goes as UTF-8 to a server that offers SMTPUTF8, and to one that does not it is refused
for good at once (staff see why), instead of being retried as a lost connection for hours."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from dialog_notifications.channels import PermanentFailure
from dialog_notifications.channels.email import SmtpChannel, wire_address
from dialog_notifications.composition import compose_email
from dialog_notifications.rendering import render

from .conftest import SmtpServer

VALUES = {
    "name": "Ayşe Yılmaz",
    "title": "Gesprächsabend",
    "starts_at": datetime(2027, 3, 20, 17, tzinfo=UTC),
    "place": "Gemeindehaus",
    "cancel_url": "https://registrations.example.org/registrations/cancel/tok",
    "stop_url": "https://notifications.example.org/api/v1/reminders/stop/tok",
}


def _mail(to: str):
    rendered = render("reminder", "tr", VALUES, sms=False)
    sender = "Dialog <no-reply@dialog.example.org>"
    return compose_email(rendered, to=to, sender=sender, delivery_id=uuid.uuid4(), language="tr")


@pytest.fixture
def utf8_server():
    server = SmtpServer(utf8=True)
    server.start()
    yield server
    server.stop()


def test_a_domain_beyond_ascii_goes_in_its_idna_form_to_any_server(smtp_server):
    channel = SmtpChannel("127.0.0.1", smtp_server.port, security="none")
    mail = _mail("ali@münchen.de")
    assert channel.send(mail).startswith("250")
    [received] = smtp_server.mailbox.to("ali@xn--mnchen-3ya.de")
    assert "Ayşe Yılmaz" in received.get_body(("plain",)).get_content()
    assert mail["To"] == "ali@münchen.de"  # the composed mail itself is unchanged
    assert wire_address("straße@straße.de") == "straße@xn--strae-oqa.de"  # IDNA 2008, not ss
    channel.close()


def test_a_name_beyond_ascii_goes_as_utf8_where_the_server_offers_it(utf8_server):
    channel = SmtpChannel("127.0.0.1", utf8_server.port, security="none")
    assert channel.send(_mail("ayşe@örnek.de")).startswith("250")
    [received] = utf8_server.mailbox.messages
    assert received["To"] == "ayşe@xn--rnek-4qa.de"  # raw UTF-8, not an encoded word
    assert received["Subject"].startswith("Hatırlatma")
    channel.close()


def test_a_name_beyond_ascii_is_refused_for_good_where_the_server_cannot_take_it(smtp_server):
    channel = SmtpChannel("127.0.0.1", smtp_server.port, security="none")
    with pytest.raises(PermanentFailure) as refused:
        channel.send(_mail("ayşe@example.org"))
    assert "SMTPUTF8" in refused.value.answer and "ayşe" not in refused.value.answer
    assert channel.send(_mail("ayse@example.org")).startswith("250")  # the connection goes on
    assert [m["To"] for m in smtp_server.mailbox.messages] == ["ayse@example.org"]
    with pytest.raises(PermanentFailure):
        wire_address("ali@☃.de")  # a snowman is no letter of a domain name (IDNA 2008)
    channel.close()
