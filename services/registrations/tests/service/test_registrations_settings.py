"""Production refuses to start without REGISTRATIONS_PUBLIC_URL (its links would point at
localhost); the embedded mode keeps its local default. Trusted proxies: a count or networks."""

from __future__ import annotations

import pytest

from dialog_platform.config import ConfigurationError
from dialog_registrations.config import RegistrationsSettings


def test_production_needs_the_public_url_and_embedded_mode_has_one(service_env, monkeypatch):
    service_env("registrations")
    monkeypatch.delenv("REGISTRATIONS_PUBLIC_URL")
    with pytest.raises(
        ConfigurationError, match="REGISTRATIONS_PUBLIC_URL is needed in production"
    ):
        RegistrationsSettings.from_env()
    monkeypatch.setenv("REGISTRATIONS_PUBLIC_URL", "https://anmeldung.example.org/")
    assert RegistrationsSettings.from_env().public_url == "https://anmeldung.example.org"
    monkeypatch.delenv("REGISTRATIONS_PUBLIC_URL")
    monkeypatch.setenv("DIALOG_ENV", "embedded")
    assert RegistrationsSettings.from_env().public_url == "http://127.0.0.1:8002"


def test_trusted_proxies_are_a_count_or_networks(service_env, monkeypatch):
    service_env("registrations")
    monkeypatch.setenv("REGISTRATIONS_TRUSTED_PROXIES", "2")
    assert RegistrationsSettings.from_env().trusted_proxies == 2
    monkeypatch.setenv("REGISTRATIONS_TRUSTED_PROXIES", "10.0.0.0/8, fd00::/8")
    assert [str(n) for n in RegistrationsSettings.from_env().trusted_proxies] == [
        "10.0.0.0/8",
        "fd00::/8",
    ]
    monkeypatch.setenv("REGISTRATIONS_TRUSTED_PROXIES", "the ingress")
    with pytest.raises(ConfigurationError, match="number of proxies or comma-separated"):
        RegistrationsSettings.from_env()
