"""The back office's settings, read once at start from the ``BACKOFFICE_*`` variables (declared
with their defaults in dialog_platform.config.VARIABLES) and the shared ones it needs: the
staff-token key it signs local accounts' tokens with, and the log settings.

It has no database and no broker, so it does not take the services' ``Settings``, only what
every process has (``ProcessSettings``); the shape is the same: a frozen dataclass,
``from_env()``, and a production process that refuses to start without its secrets."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Self

from dialog_platform.config import (
    ConfigurationError,
    ProcessSettings,
    embedded_secret,
    env_int,
    env_str,
    require,
    require_strong,
    signing_secret,
)

SERVICE = "backoffice"
#: The services whose staff APIs the back office calls, each with its URL variable.
API_SERVICES = ("events", "registrations", "notifications", "mediation")


def _role_map(raw: str) -> dict[str, str]:
    pairs = [part.split("=", 1) for part in raw.split(",") if part.strip()]
    if any(len(pair) != 2 for pair in pairs):
        raise ConfigurationError(
            f"BACKOFFICE_OIDC_ROLES must be provider-role=platform-role pairs, got {raw!r}."
        )
    mapping = {provider.strip(): platform.strip() for provider, platform in pairs}
    unknown = set(mapping.values()) - {"admin", "staff", "mediator"}
    if unknown:
        raise ConfigurationError(
            f"BACKOFFICE_OIDC_ROLES maps to unknown roles {sorted(unknown)}; "
            "the platform's roles are admin, staff and mediator."
        )
    return mapping


@dataclass(frozen=True)
class BackofficeSettings(ProcessSettings):
    service_name = SERVICE

    #: Signs and encrypts the session cookies.
    secret_key: str
    #: Minutes without a request until a session ends.
    idle_minutes: int
    #: The local accounts (used when no OIDC provider is configured).
    accounts_file: Path
    #: Base URL of each service's API, by service name.
    api_urls: dict[str, str]
    #: Seconds to wait for a service's answer.
    api_timeout: float
    #: The HS256 key of staff tokens, for local accounts (None: tokens come from the provider).
    jwt_secret: str | None
    #: ``iss`` and ``aud`` the services expect on tokens (written into minted ones).
    jwt_issuer: str | None
    jwt_audience: str | None
    oidc_issuer: str | None
    oidc_client_id: str | None
    oidc_client_secret: str | None
    #: Provider role -> platform role.
    oidc_roles: dict[str, str]

    @property
    def uses_oidc(self) -> bool:
        return self.oidc_issuer is not None

    @classmethod
    def from_env(cls) -> Self:
        env = env_str("DIALOG_ENV")
        if env not in ("embedded", "production"):
            raise ConfigurationError(f"DIALOG_ENV must be 'embedded' or 'production', got {env!r}.")
        data_dir = Path(env_str("DIALOG_DATA_DIR")).resolve()
        secret_key = env_str("BACKOFFICE_SECRET_KEY")
        oidc_issuer = env_str("BACKOFFICE_OIDC_ISSUER")
        client_id = env_str("BACKOFFICE_OIDC_CLIENT_ID")
        if env == "production":
            required = [
                ("BACKOFFICE_SECRET_KEY", secret_key),
                ("BACKOFFICE_OIDC_ISSUER", oidc_issuer),
                ("BACKOFFICE_OIDC_CLIENT_ID", client_id),
            ]
            require([name for name, value in required if not value])
            require_strong("BACKOFFICE_SECRET_KEY", secret_key)
        else:
            secret_key = secret_key or embedded_secret(data_dir, "backoffice-secret")
        if oidc_issuer and not client_id:
            require(["BACKOFFICE_OIDC_CLIENT_ID"])
        accounts = env_str("BACKOFFICE_ACCOUNTS_FILE")
        return cls(
            env=env,
            data_dir=data_dir,
            secret_key=secret_key,
            idle_minutes=env_int("BACKOFFICE_IDLE_MINUTES", minimum=1),
            accounts_file=Path(accounts) if accounts else data_dir / "backoffice-accounts.json",
            api_urls={
                service: env_str(f"BACKOFFICE_{service.upper()}_URL").rstrip("/")
                for service in API_SERVICES
            },
            api_timeout=float(env_int("BACKOFFICE_API_TIMEOUT", minimum=1)),
            jwt_secret=None if oidc_issuer else signing_secret(),
            jwt_issuer=env_str("OIDC_ISSUER"),
            jwt_audience=env_str("JWT_AUDIENCE"),
            oidc_issuer=oidc_issuer.rstrip("/") if oidc_issuer else None,
            oidc_client_id=client_id,
            oidc_client_secret=env_str("BACKOFFICE_OIDC_CLIENT_SECRET"),
            oidc_roles=_role_map(env_str("BACKOFFICE_OIDC_ROLES")),
            log_level=env_str("LOG_LEVEL").upper(),
            log_format=env_str("LOG_FORMAT"),
        )


def load_settings() -> BackofficeSettings:
    return BackofficeSettings.from_env()
