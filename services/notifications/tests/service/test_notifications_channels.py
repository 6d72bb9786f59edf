"""The channels on their own: Twilio's Messages API (a local server speaking it) with its error
answers, and the embedded mode's .eml folder and SMS log chosen by the settings."""

from __future__ import annotations

import email
import email.policy
import json

import pytest

from dialog_notifications.channels import PermanentFailure, TemporaryFailure
from dialog_notifications.channels.email import EmlFolderChannel
from dialog_notifications.channels.sms import SmsLogChannel, TwilioChannel
from dialog_notifications.config import NotificationsSettings
from dialog_notifications.scheduler import build_dispatcher
from dialog_platform.config import ConfigurationError


def test_twilio_accepts_a_message(twilio, twilio_channel):
    answer = twilio_channel.send("+4915112345678", "Erinnerung: Gesprächsabend")
    assert answer.startswith("queued SM")
    assert twilio.messages == [
        {"To": "+4915112345678", "From": "+4915100000000", "Body": "Erinnerung: Gesprächsabend"}
    ]


def test_twilio_invalid_number_is_permanent(twilio_channel):
    with pytest.raises(PermanentFailure) as refused:
        twilio_channel.send("0151", "x")
    assert refused.value.answer.startswith("400 21211: The 'To' number")


def test_twilio_outage_and_bad_credentials_are_temporary(twilio, twilio_channel):
    twilio.unavailable = 1
    with pytest.raises(TemporaryFailure, match="503 20500"):
        twilio_channel.send("+4915112345678", "x")
    wrong = TwilioChannel(twilio.url, "AC" + "0" * 32, "wrong-token", "+4915100000000")
    with pytest.raises(TemporaryFailure, match="401 20003"):
        wrong.send("+4915112345678", "x")
    assert twilio.messages == []


def test_unreachable_provider_is_temporary():
    channel = TwilioChannel("http://127.0.0.1:9", "AC1", "t", "+4915100000000", timeout=2)
    with pytest.raises(TemporaryFailure, match="unreachable"):
        channel.send("+4915112345678", "x")


def _settings(monkeypatch, tmp_path, **env) -> NotificationsSettings:
    monkeypatch.setenv("DIALOG_ENV", "embedded")
    monkeypatch.setenv("DIALOG_DATA_DIR", str(tmp_path))
    for name in ("SMTP_HOST", "SMS_ACCOUNT_SID", "MAIL_DIR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return NotificationsSettings.from_env()


def test_embedded_mode_writes_eml_files_and_an_sms_log(monkeypatch, tmp_path, confirm, db, clock):
    dispatcher = build_dispatcher(_settings(monkeypatch, tmp_path))
    assert isinstance(dispatcher.email, EmlFolderChannel)
    assert isinstance(dispatcher.sms, SmsLogChannel)
    confirm(phone="+4915112345678", sms_consent=True)
    clock.now = clock.now.replace(day=20, hour=14)
    dispatcher.dispatch_due(db)
    files = sorted((tmp_path / "mail").iterdir())
    mails = {
        p.name: email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in files
    }
    assert sorted(m["Subject"] for m in mails.values()) == [
        "Erinnerung: Gesprächsabend am Samstag, 20. März 2027",  # a week and a day before
        "Erinnerung: Gesprächsabend am Samstag, 20. März 2027",
        "Ihr Platz ist bestätigt: Gesprächsabend",
    ]
    assert all(name == m["Message-ID"].strip("<>") + ".eml" for name, m in mails.items())
    [line] = (tmp_path / "sms.log").read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["to"] == "+4915112345678"
    assert "Erinnerung: Gesprächsabend, 20. März 2027" in line  # readable UTF-8, not \u00e4


def test_smtp_and_sms_settings(monkeypatch, tmp_path):
    sms = {"SMS_ACCOUNT_SID": "AC1", "SMS_AUTH_TOKEN": "t", "SMS_FROM": "+4915100000000"}
    channels = _settings(
        monkeypatch, tmp_path, SMTP_HOST="mail.example.org", SMTP_SECURITY="tls", **sms
    )
    expected = ("mail.example.org", 465, "tls")
    assert (channels.smtp_host, channels.smtp_port, channels.smtp_security) == expected
    with pytest.raises(ConfigurationError, match="SMTP_SECURITY"):
        _settings(monkeypatch, tmp_path, SMTP_SECURITY="ssl")
    with pytest.raises(ConfigurationError, match="SMS_AUTH_TOKEN"):
        monkeypatch.delenv("SMS_AUTH_TOKEN")
        _settings(monkeypatch, tmp_path, SMTP_SECURITY="none", SMS_ACCOUNT_SID="AC1")
