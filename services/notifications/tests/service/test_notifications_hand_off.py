"""The SMTP channel hands a mail off with its content: ``ready`` runs when the server has taken
MAIL, RCPT and DATA and waits for the content; if it raises, the server drops the mail and the
next one goes over a new connection."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from dialog_notifications.channels.email import SmtpChannel


def _mail(to: str) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "dialog@example.org", to, "Test"
    message.set_content("Merhaba")
    return message


class RecordFailed(Exception):
    pass


def test_a_mail_goes_only_once_ready_returns(smtp_server):
    channel = SmtpChannel("127.0.0.1", smtp_server.port, security="none")
    arrived = smtp_server.mailbox.messages
    seen = []

    def ready() -> None:
        seen.append(len(arrived))

    def failing() -> None:
        raise RecordFailed

    try:
        assert channel.send(_mail("ada@example.org"), ready).startswith("250")
        assert seen == [0] and len(arrived) == 1  # called before the mail was taken
        with pytest.raises(RecordFailed):
            channel.send(_mail("grace@example.org"), failing)
        assert channel.send(_mail("lin@example.org")).startswith("250")
    finally:
        channel.close()
    assert [mail["To"] for mail in arrived] == ["ada@example.org", "lin@example.org"]
