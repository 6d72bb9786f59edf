"""Settings from the environment: a production process refuses to start half-configured and says
which variables are missing."""

from dataclasses import dataclass
from datetime import timedelta

import pytest

from dialog_platform.config import (
    VARIABLES,
    ConfigurationError,
    Settings,
    env_duration,
    env_int,
    env_url,
    own,
)

PRODUCTION = {
    "DIALOG_ENV": "production",
    "EVENTS_DATABASE_URL": "postgresql+psycopg://events@db/events",
    "AMQP_URL": "amqp://events:secret@broker:5672/dialog",
    "JWT_SECRET": "a-secret-long-enough-for-hs256-signatures",
    "DIALOG_DATA_KEYS": "ZGlhbG9nLXRlc3QtZGF0YS1rZXktMzItYnl0ZXMhISE=",
}


@pytest.fixture
def environ(monkeypatch, tmp_path):
    """An environment with none of the platform's variables; returns a setter."""
    for variable in VARIABLES:
        monkeypatch.delenv(variable.name, raising=False)
    for service in ("EVENTS", "REGISTRATIONS", "NOTIFICATIONS", "MEDIATION"):
        monkeypatch.delenv(f"{service}_DATABASE_URL", raising=False)
    monkeypatch.setenv("DIALOG_DATA_DIR", str(tmp_path))

    def set_env(values: dict[str, str]) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_env


def test_production_without_anything_names_every_missing_setting(environ):
    environ({"DIALOG_ENV": "production"})
    with pytest.raises(ConfigurationError) as refused:
        Settings.from_env("events")
    message = str(refused.value)
    for name in (
        "EVENTS_DATABASE_URL",
        "AMQP_URL",
        "DIALOG_DATA_KEYS",
        "JWT_SECRET or OIDC_JWKS_URL",
    ):
        assert name in message


@pytest.mark.parametrize(
    "missing", ["EVENTS_DATABASE_URL", "AMQP_URL", "JWT_SECRET", "DIALOG_DATA_KEYS"]
)
def test_production_names_the_one_setting_missing(environ, missing):
    environ({name: value for name, value in PRODUCTION.items() if name != missing})
    with pytest.raises(ConfigurationError, match=missing) as refused:
        Settings.from_env("events")
    others = set(PRODUCTION) - {missing, "DIALOG_ENV"}
    assert not any(other in str(refused.value) for other in others)


def test_production_takes_an_empty_variable_for_a_missing_one(environ):
    environ(PRODUCTION | {"AMQP_URL": ""})
    with pytest.raises(ConfigurationError, match="AMQP_URL"):
        Settings.from_env("events")


def test_production_accepts_oidc_instead_of_a_shared_secret(environ):
    environ({k: v for k, v in PRODUCTION.items() if k != "JWT_SECRET"})
    environ({"OIDC_JWKS_URL": "https://login.example.org/jwks"})
    settings = Settings.from_env("events")
    assert settings.jwt_secret is None
    assert settings.oidc_jwks_url == "https://login.example.org/jwks"


def test_production_uses_exactly_what_it_was_given(environ):
    environ(PRODUCTION)
    settings = Settings.from_env("events")
    assert not settings.embedded
    assert settings.database_url == PRODUCTION["EVENTS_DATABASE_URL"]
    assert settings.amqp_url == PRODUCTION["AMQP_URL"]
    assert settings.jwt_secret == PRODUCTION["JWT_SECRET"]
    assert settings.retry_delays == (1, 5, 30, 120, 600)


def test_another_service_needs_its_own_database_url(environ):
    environ(PRODUCTION)
    with pytest.raises(ConfigurationError, match="REGISTRATIONS_DATABASE_URL"):
        Settings.from_env("registrations")


@pytest.mark.parametrize(
    ("name", "value", "complaint"),
    [
        ("DIALOG_ENV", "staging", "DIALOG_ENV must be"),
        ("DIALOG_RETRY_DELAYS", "1,soon", "DIALOG_RETRY_DELAYS must be comma-separated"),
        ("DIALOG_RETRY_DELAYS", "0", "DIALOG_RETRY_DELAYS needs at least one positive"),
        ("DIALOG_DELIVERY_LIMIT", "many", "DIALOG_DELIVERY_LIMIT must be a whole number"),
    ],
)
def test_malformed_values_are_refused_by_name(environ, name, value, complaint):
    environ(PRODUCTION | {name: value})
    with pytest.raises(ConfigurationError, match=complaint):
        Settings.from_env("events")


def test_unknown_service_is_refused(environ):
    with pytest.raises(ConfigurationError, match="Unknown service 'billing'"):
        Settings.from_env("billing")


@pytest.mark.parametrize("secret", ["a", "x" * 31])
def test_production_refuses_a_short_secret(environ, secret):
    environ(PRODUCTION | {"JWT_SECRET": secret})
    with pytest.raises(ConfigurationError, match="JWT_SECRET must be at least 32 bytes"):
        Settings.from_env("events")


@dataclass(frozen=True)
class OwnSettings(Settings):
    """A service's settings as events' and mediation's are declared: each own field with its
    reader and variable."""

    service_name = "events"

    min_cell: int = own(env_int, "EVENTS_MIN_CELL", minimum=1)
    registrations_public_url: str = own(env_url, "REGISTRATIONS_PUBLIC_URL")


def test_a_services_own_fields_are_read_from_their_declared_variables(environ):
    environ({"REGISTRATIONS_PUBLIC_URL": "https://anmeldung.example.org/"})
    settings = OwnSettings.from_env()
    assert settings.min_cell == 5  # the declared default
    assert settings.registrations_public_url == "https://anmeldung.example.org"
    assert settings.service == "events"


def test_an_own_field_is_refused_by_name(environ):
    environ({"EVENTS_MIN_CELL": "0", "REGISTRATIONS_PUBLIC_URL": "https://anmeldung.example.org"})
    with pytest.raises(ConfigurationError, match="EVENTS_MIN_CELL must be a whole number of at"):
        OwnSettings.from_env()
    environ({"EVENTS_MIN_CELL": "5", "REGISTRATIONS_PUBLIC_URL": ""})
    with pytest.raises(ConfigurationError, match="REGISTRATIONS_PUBLIC_URL is needed"):
        OwnSettings.from_env()


def test_a_duration_is_a_whole_number_of_its_unit(environ):
    environ({"REGISTRATIONS_CONFIRM_HOURS": "6"})
    assert env_duration("REGISTRATIONS_CONFIRM_HOURS", "hours", minimum=1) == timedelta(hours=6)
    assert env_duration("REGISTRATIONS_CHECKIN_BEFORE_MINUTES", "minutes") == timedelta(minutes=60)
    environ({"REGISTRATIONS_CONFIRM_HOURS": "0"})
    with pytest.raises(ConfigurationError, match="REGISTRATIONS_CONFIRM_HOURS must be a whole"):
        env_duration("REGISTRATIONS_CONFIRM_HOURS", "hours", minimum=1)
