"""Settings from environment variables: every name the platform reads is declared here.

The defaults give the embedded mode (SQLite files and a broker-less transport in a local data
folder). With ``DIALOG_ENV=production`` nothing falls back to a local file and every secret must
be set, so a production process refuses to start half-configured.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any, ClassVar, Self

SERVICES = ("events", "registrations", "notifications", "mediation")


@dataclass(frozen=True)
class Variable:
    """One environment variable: its name, the value used when it is unset (None: no value, or
    one computed from other settings, described by ``shown``), and what it sets."""

    name: str
    default: str | None
    help: str
    shown: str | None = None

    @property
    def documented_default(self) -> str:
        """The default as the README's table shows it."""
        if self.shown:
            return self.shown
        if self.default == "":
            return "(empty)"
        return f"`{self.default}`" if self.default else "—"


#: Every environment variable the platform reads, in the order the README lists them.
VARIABLES: tuple[Variable, ...] = (
    Variable(
        "DIALOG_ENV",
        "embedded",
        "`embedded` (local defaults) or `production` (no defaults for URLs and secrets).",
    ),
    Variable(
        "DIALOG_DATA_DIR",
        "./data",
        "Folder of the embedded mode: SQLite files, message bus, signing key, mails.",
    ),
    Variable(
        "AMQP_URL",
        None,
        "Broker URL; `amqp://user:pass@host:5672/vhost` for RabbitMQ.",
        shown="`sqla+sqlite:///<DIALOG_DATA_DIR>/bus.sqlite`",
    ),
    Variable(
        "EVENTS_DATABASE_URL",
        None,
        "Database of the events service (`postgresql+psycopg://...`).",
        shown="`sqlite:///<DIALOG_DATA_DIR>/events.sqlite`",
    ),
    Variable(
        "REGISTRATIONS_DATABASE_URL",
        None,
        "Database of the registrations service.",
        shown="`sqlite:///<DIALOG_DATA_DIR>/registrations.sqlite`",
    ),
    Variable(
        "NOTIFICATIONS_DATABASE_URL",
        None,
        "Database of the notifications service.",
        shown="`sqlite:///<DIALOG_DATA_DIR>/notifications.sqlite`",
    ),
    Variable(
        "MEDIATION_DATABASE_URL",
        None,
        "Database of the mediation service.",
        shown="`sqlite:///<DIALOG_DATA_DIR>/mediation.sqlite`",
    ),
    Variable(
        "EVENTS_MIN_CELL",
        "5",
        "Smallest count of organisations or contacts the events' yearly report shows; smaller counts are suppressed.",
    ),
    Variable(
        "MEDIATION_MIN_CELL",
        "5",
        "Smallest count the mediation figures for the funder show; smaller counts are suppressed.",
    ),
    Variable(
        "MEDIATION_RETENTION_DAYS",
        "1095",
        "Days after a case is closed until its file loses descriptions, notes and the parties' contact details (a recorded redaction).",
    ),
    Variable(
        "REGISTRATIONS_PUBLIC_URL",
        None,
        "Public base URL of the registrations service; links in mails and SMS start with it. Required in production.",
        shown="`http://127.0.0.1:8002` (embedded mode only)",
    ),
    Variable(
        "REGISTRATIONS_LINK_SECRET",
        None,
        "Key that signs participants' confirm, cancel and answer links; required in production when only OIDC_JWKS_URL is set.",
        shown="derived from JWT_SECRET",
    ),
    Variable(
        "REGISTRATIONS_CONFIRM_HOURS",
        "48",
        "How long a pending seat is held for the email confirmation.",
    ),
    Variable(
        "REGISTRATIONS_RETENTION_DAYS",
        "30",
        "Days after an event ends until its registrations and invitations lose every personal detail (the consent text says so).",
    ),
    Variable(
        "REGISTRATIONS_MIN_CELL",
        "5",
        "Smallest count of people the registrations' yearly report shows; smaller counts are suppressed.",
    ),
    Variable(
        "REGISTRATIONS_CHECKIN_BEFORE_MINUTES",
        "60",
        "How many minutes before an event's start staff may check people in (until the end of the event's day, Berlin time).",
    ),
    Variable(
        "REGISTRATIONS_SIGNUP_LIMIT",
        "60",
        "Sign-ups accepted per client address and hour, counted in the service's database for all its web processes; over it 429 with Retry-After.",
    ),
    Variable(
        "REGISTRATIONS_TRUSTED_PROXIES",
        "0",
        "Proxies in front of the registrations web processes whose `X-Forwarded-For` is believed for the rate limit: how many (e.g. `1` behind one ingress), or their networks (`10.0.0.0/8,fd00::/8`); `0`: none.",
    ),
    Variable(
        "SMTP_HOST",
        None,
        "SMTP server for mails; without it the embedded mode writes `.eml` files to MAIL_DIR. Required in production.",
    ),
    Variable(
        "SMTP_PORT",
        None,
        "SMTP port.",
        shown="587 (starttls), 465 (tls), 25 (none)",
    ),
    Variable(
        "SMTP_SECURITY",
        "starttls",
        "`starttls`, `tls` or `none`.",
    ),
    Variable(
        "SMTP_USERNAME",
        None,
        "SMTP login, if the server needs one.",
    ),
    Variable(
        "SMTP_PASSWORD",
        None,
        "SMTP password (secret).",
    ),
    Variable(
        "MAIL_FROM",
        "Dialog <no-reply@localhost>",
        "Sender of every mail.",
    ),
    Variable(
        "MAIL_DIR",
        None,
        "Folder for `.eml` files when no SMTP_HOST is set.",
        shown="`<DIALOG_DATA_DIR>/mail`",
    ),
    Variable(
        "SMS_API_URL",
        "https://api.twilio.com",
        "Base URL of the SMS provider (Twilio Messages API, 2010-04-01).",
    ),
    Variable(
        "SMS_ACCOUNT_SID",
        None,
        "Twilio Account SID; without it SMS are written to `<DIALOG_DATA_DIR>/sms.log`.",
    ),
    Variable(
        "SMS_AUTH_TOKEN",
        None,
        "Twilio Auth Token (secret); required with SMS_ACCOUNT_SID.",
    ),
    Variable(
        "SMS_FROM",
        None,
        "Sender number (E.164); required with SMS_ACCOUNT_SID.",
    ),
    Variable(
        "NOTIFICATIONS_PUBLIC_URL",
        None,
        "Public base URL of the notifications service (the stop-reminders link); required in production.",
        shown="`http://127.0.0.1:8003` (embedded mode only)",
    ),
    Variable(
        "NOTIFICATIONS_RETENTION_DAYS",
        "30",
        "Days after an event ends until its recipients, the content of their messages, mail files and SMS log lines are deleted or pseudonymised.",
    ),
    Variable(
        "NOTIFICATIONS_ATTEMPT_RETENTION_DAYS",
        "90",
        "Days the delivery log keeps the providers' answers before they are cleared (outcomes and times stay).",
    ),
    Variable(
        "NOTIFICATIONS_SMS_QUIET_HOURS",
        "21:00-08:00",
        "When no SMS goes (Europe/Berlin wall clock, from-until); an SMS due then waits for the end, or is dropped if that is after the start. An event may set its own.",
    ),
    Variable(
        "NOTIFICATIONS_SCHEDULER_BATCH",
        "100",
        "Deliveries one scheduler claims and sends per transaction.",
    ),
    Variable(
        "BACKOFFICE_SECRET_KEY",
        None,
        "Key that signs and encrypts the back office's session cookies (at least 32 bytes); required in production.",
        shown="generated into `<DIALOG_DATA_DIR>/backoffice-secret`",
    ),
    Variable(
        "BACKOFFICE_IDLE_MINUTES",
        "30",
        "Minutes without a request after which a back-office session ends and the person signs in again.",
    ),
    Variable(
        "BACKOFFICE_ACCOUNTS_FILE",
        None,
        "Local accounts of the back office (names, roles, Argon2 hashes), used when no BACKOFFICE_OIDC_ISSUER is set.",
        shown="`<DIALOG_DATA_DIR>/backoffice-accounts.json`",
    ),
    Variable(
        "BACKOFFICE_EVENTS_URL",
        "http://127.0.0.1:8001",
        "Base URL at which the back office reaches the events service's API.",
    ),
    Variable(
        "BACKOFFICE_REGISTRATIONS_URL",
        "http://127.0.0.1:8002",
        "Base URL at which the back office reaches the registrations service's API.",
    ),
    Variable(
        "BACKOFFICE_NOTIFICATIONS_URL",
        "http://127.0.0.1:8003",
        "Base URL at which the back office reaches the notifications service's API.",
    ),
    Variable(
        "BACKOFFICE_MEDIATION_URL",
        "http://127.0.0.1:8004",
        "Base URL at which the back office reaches the mediation service's API.",
    ),
    Variable(
        "BACKOFFICE_API_TIMEOUT",
        "5",
        "Seconds the back office waits for a service's answer before it shows that part as unavailable.",
    ),
    Variable(
        "BACKOFFICE_OIDC_ISSUER",
        None,
        "Issuer URL of the OpenID Connect provider staff sign in with (its `/.well-known/openid-configuration` is read); required in production.",
    ),
    Variable(
        "BACKOFFICE_OIDC_CLIENT_ID",
        None,
        "The back office's client id at the provider; required with BACKOFFICE_OIDC_ISSUER.",
    ),
    Variable(
        "BACKOFFICE_OIDC_CLIENT_SECRET",
        None,
        "The client's secret (confidential client; PKCE is used either way).",
    ),
    Variable(
        "BACKOFFICE_OIDC_ROLES",
        "admin=admin,staff=staff,mediator=mediator",
        "Provider roles mapped to the platform's roles, `provider-role=platform-role`, comma-separated.",
    ),
    Variable(
        "DIALOG_EXCHANGE", "dialog", "Name of the durable topic exchange for domain messages."
    ),
    Variable(
        "DIALOG_QUEUE_PREFIX",
        "",
        "Prefix for the exchange and every queue name (isolates test runs sharing a broker).",
    ),
    Variable(
        "DIALOG_QUORUM_QUEUES",
        "true",
        "Use quorum queues on RabbitMQ (`false` for classic durable queues).",
    ),
    Variable(
        "DIALOG_DELIVERY_LIMIT",
        "20",
        "`x-delivery-limit` of quorum queues: redeliveries before the broker dead-letters a message that crashes its consumer.",
    ),
    Variable(
        "DIALOG_RETRY_DELAYS",
        "1,5,30,120,600",
        "Seconds to wait before each retry of a failing handler; after the last, the message is dead-lettered.",
    ),
    Variable(
        "DIALOG_RELAY_BATCH",
        "2000",
        "Outbox rows the relay claims per batch (it publishes batch after batch while confirms are pending; each is committed once its own are in).",
    ),
    Variable(
        "DIALOG_CONSUMER_BATCH",
        "100",
        "Messages a consumer handles in one database transaction (also its prefetch).",
    ),
    Variable(
        "DIALOG_POLL_SECONDS",
        "0.1",
        "How often relay and broker-less consumers look for work when nothing woke them.",
    ),
    Variable(
        "DIALOG_HEALTH_PORT",
        None,
        "Port on which a worker process (relay, consume, schedule, expire-holds, retain) serves `/healthz`, `/readyz` and `/metrics`; unset: none (the embedded mode). The image sets 9000.",
    ),
    Variable(
        "DIALOG_STUCK_SECONDS",
        "300",
        "Seconds a worker's loop may go without a heartbeat before its `/healthz` answers 503 (stuck); waiting out a database or broker outage is not stuck.",
    ),
    Variable(
        "JWT_SECRET",
        None,
        "Shared secret for HS256 staff tokens; required in production unless OIDC_JWKS_URL is set.",
        shown="generated into `<DIALOG_DATA_DIR>/jwt-secret`",
    ),
    Variable(
        "DIALOG_DATA_KEYS",
        None,
        "Fernet keys (comma-separated, the first encrypts) for contact data at rest and in messages, and for the keyed hashes that find it; the same for every service; required in production. Make one with `dialog keys new`.",
        shown="generated into `<DIALOG_DATA_DIR>/data-keys`",
    ),
    Variable(
        "DIALOG_OUTBOX_RETENTION_HOURS",
        "24",
        "Hours a sent outbox row is kept before the relay deletes it.",
    ),
    Variable(
        "DIALOG_INBOX_RETENTION_DAYS",
        "14",
        "Days a handled message's inbox record is kept (longer than every redelivery and retry) before the consumer deletes it.",
    ),
    Variable(
        "OIDC_JWKS_URL",
        None,
        "JWKS URL of an OpenID Connect provider (e.g. Keycloak); tokens are then verified with its keys.",
    ),
    Variable("OIDC_ISSUER", None, "Expected `iss` claim of staff tokens (checked when set)."),
    Variable("JWT_AUDIENCE", None, "Expected `aud` claim of staff tokens (checked when set)."),
    Variable("LOG_LEVEL", "INFO", "Log level of the JSON logs."),
    Variable(
        "LOG_FORMAT",
        "json",
        "`json` for one JSON object per line, `console` for readable local output.",
    ),
    Variable("WEB_CONCURRENCY", "2", "gunicorn worker processes of a web process."),
    Variable(
        "WEB_THREADS", "4", "Threads per gunicorn worker (`gthread` worker class when above 1)."
    ),
    Variable(
        "PORT",
        None,
        "Port a web process binds to on 0.0.0.0.",
        shown="8001 events, 8002 registrations, 8003 notifications, 8004 mediation, 8005 backoffice",
    ),
    Variable(
        "FORWARDED_ALLOW_IPS",
        "127.0.0.1",
        "Proxies whose X-Forwarded-* headers gunicorn trusts (the ingress or load balancer).",
    ),
    Variable(
        "DIALOG_TEST_POSTGRES_URL",
        None,
        "Tests only: a PostgreSQL URL whose user may create databases (else 127.0.0.1:5432, else testcontainers).",
    ),
    Variable(
        "DIALOG_TEST_AMQP_URL",
        None,
        "Tests only: a RabbitMQ URL (else an `amqp://` AMQP_URL, else 127.0.0.1:5672, else testcontainers).",
    ),
    Variable(
        "PROMETHEUS_MULTIPROC_DIR",
        None,
        "Folder for prometheus-client's multi-process mode under gunicorn; the image sets `/tmp/prometheus` and empties it at every start.",
    ),
)

DEFAULT_PORTS = {
    "events": 8001,
    "registrations": 8002,
    "notifications": 8003,
    "mediation": 8004,
    "backoffice": 8005,
}

_DECLARED = {variable.name: variable for variable in VARIABLES}


class ConfigurationError(RuntimeError):
    """A required setting is missing or malformed; the message names the variable."""


def _declared(name: str) -> Variable:
    try:
        return _DECLARED[name]
    except KeyError:
        raise ConfigurationError(f"{name} is not a declared setting (config.VARIABLES).") from None


def env_str(name: str, default: str | None = None) -> str | None:
    """A variable's value, else ``default``, else its declared default; empty counts as unset."""
    value = os.environ.get(name)
    if value not in (None, ""):
        return value
    return default if default is not None else _declared(name).default


def env_int(name: str, minimum: int | None = None, default: str | None = None) -> int:
    """A whole-number variable; a malformed or too small value stops the process, naming it."""
    raw = env_str(name, default)
    try:
        value = int(raw)
    except (TypeError, ValueError):
        value = None
    if value is None or (minimum is not None and value < minimum):
        floor = f" of at least {minimum}" if minimum is not None else ""
        raise ConfigurationError(f"{name} must be a whole number{floor}, got {raw!r}.")
    return value


def env_duration(name: str, unit: str, minimum: int | None = None) -> timedelta:
    """A whole number of ``unit`` (``"minutes"``, ``"hours"``, ``"days"``) as a duration."""
    return timedelta(**{unit: env_int(name, minimum=minimum)})


def env_seconds(name: str) -> tuple[float, ...]:
    """Comma-separated positive numbers of seconds."""
    raw = env_str(name)
    try:
        values = tuple(float(part) for part in raw.split(",") if part.strip())
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be comma-separated seconds, got {raw!r}.") from exc
    if not values or any(v <= 0 for v in values):
        raise ConfigurationError(f"{name} needs at least one positive delay, got {raw!r}.")
    return values


def env_flag(name: str) -> bool:
    return env_str(name).lower() in ("1", "true", "yes")


def env_url(name: str) -> str:
    """A URL the process cannot do without, without its trailing slash; unset stops it."""
    value = env_str(name)
    if not value:
        raise ConfigurationError(f"{name} is needed (a URL) and is not set.")
    return value.rstrip("/")


def embedded_url(service: str) -> str:
    """Where ``dialog run`` serves ``service`` by default (its port base 8001, one port each in
    the order of SERVICES)."""
    return f"http://127.0.0.1:{8001 + SERVICES.index(service)}"


def env_public_url(name: str, service: str, what: str) -> str:
    """A public base URL that links people receive start with (``what`` says which), without
    its trailing slash. The embedded mode falls back to ``service``'s local address
    (``embedded_url``); production has no
    default and stops, naming the variable: every link would point at this machine."""
    value = env_str(name)
    if not value:
        if env_str("DIALOG_ENV") != "embedded":
            raise ConfigurationError(
                f"{name} is needed in production: {what} start with it "
                "(for example https://anmeldung.example.org)."
            )
        value = embedded_url(service)
    return value.rstrip("/")


def own(read: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """A field of a service's own settings, read as ``read(*args, **kwargs)`` (an ``env_*``
    reader of its declared variable) when the settings are built."""
    return field(metadata={"read": partial(read, *args, **kwargs)})


#: The shortest secret production accepts (HS256 wants a key at least as long as its hash).
MIN_SECRET_BYTES = 32


def require_strong(name: str, value: str | None) -> None:
    """Stop a production process whose secret is too short to resist guessing."""
    if value is not None and len(value.encode()) < MIN_SECRET_BYTES:
        raise ConfigurationError(
            f"{name} must be at least {MIN_SECRET_BYTES} bytes long in production "
            f"(it has {len(value.encode())}); make one with `openssl rand -base64 48`."
        )


def require(missing: list[str]) -> None:
    """Stop a production process that lacks settings, naming every one of them."""
    if missing:
        raise ConfigurationError(
            "DIALOG_ENV=production needs these settings: " + ", ".join(missing) + "."
        )


@dataclass(frozen=True)
class ProcessSettings:
    """What every process of the platform knows of where it runs and how it logs: the
    services' ``Settings`` and the back office's settings build on it."""

    env: str
    data_dir: Path
    log_level: str
    log_format: str

    @property
    def embedded(self) -> bool:
        return self.env == "embedded"


@dataclass(frozen=True)
class Settings(ProcessSettings):
    """Everything one service process needs to know about its environment, read once at start
    and passed in. A service with settings of its own subclasses it: ``service_name`` names the
    service, and each of its fields is declared with ``own`` (how to read it) or read by an
    overridden ``read_own`` (given the shared ones, already read)."""

    service_name: ClassVar[str] = ""

    service: str
    database_url: str
    amqp_url: str
    exchange: str
    queue_prefix: str
    quorum_queues: bool
    delivery_limit: int
    retry_delays: tuple[float, ...]
    relay_batch: int
    consumer_batch: int
    poll_seconds: float
    jwt_secret: str | None
    data_keys: tuple[str, ...]
    outbox_retention: timedelta
    inbox_retention: timedelta
    oidc_jwks_url: str | None
    oidc_issuer: str | None
    jwt_audience: str | None

    @classmethod
    def from_env(cls, service: str | None = None) -> Self:
        base = _shared_settings(service or cls.service_name)
        if cls is Settings:
            return base
        shared = {f.name: getattr(base, f.name) for f in fields(Settings)}
        return cls(**shared, **cls.read_own(base))

    @classmethod
    def read_own(cls, base: Settings) -> dict[str, Any]:
        """This service's own fields from the environment: by default the fields declared
        with ``own``; a service whose fields depend on each other or on ``base`` reads them
        here itself."""
        return {f.name: f.metadata["read"]() for f in fields(cls) if "read" in f.metadata}


def _shared_settings(service: str) -> Settings:
    if service not in SERVICES:
        raise ConfigurationError(f"Unknown service {service!r}; expected one of {SERVICES}.")
    env = env_str("DIALOG_ENV")
    if env not in ("embedded", "production"):
        raise ConfigurationError(f"DIALOG_ENV must be 'embedded' or 'production', got {env!r}.")
    data_dir = Path(env_str("DIALOG_DATA_DIR")).resolve()
    db_var = f"{service.upper()}_DATABASE_URL"
    database_url = env_str(db_var)
    amqp_url = env_str("AMQP_URL")
    jwt_secret = env_str("JWT_SECRET")
    jwks_url = env_str("OIDC_JWKS_URL")
    data_keys = env_str("DIALOG_DATA_KEYS")
    if env == "production":
        required = ((db_var, database_url), ("AMQP_URL", amqp_url), ("DIALOG_DATA_KEYS", data_keys))
        missing = [name for name, value in required if not value]
        if not (jwt_secret or jwks_url):
            missing.append("JWT_SECRET or OIDC_JWKS_URL")
        require(missing)
        require_strong("JWT_SECRET", jwt_secret)
    else:
        database_url = database_url or f"sqlite:///{data_dir / (service + '.sqlite')}"
        amqp_url = amqp_url or f"sqla+sqlite:///{data_dir / 'bus.sqlite'}"
        jwt_secret = jwt_secret or (None if jwks_url else embedded_secret(data_dir))
        data_keys = data_keys or embedded_secret(data_dir, "data-keys", _fernet_key)
    retry_delays = env_seconds("DIALOG_RETRY_DELAYS")
    inbox_retention = env_duration("DIALOG_INBOX_RETENTION_DAYS", "days", minimum=1)
    if inbox_retention.total_seconds() <= 2 * sum(retry_delays):
        raise ConfigurationError(
            "DIALOG_INBOX_RETENTION_DAYS must be longer than every retry of a message "
            f"(DIALOG_RETRY_DELAYS add up to {sum(retry_delays):.0f} seconds)."
        )
    return Settings(
        service=service,
        env=env,
        data_dir=data_dir,
        database_url=database_url,
        amqp_url=amqp_url,
        exchange=env_str("DIALOG_EXCHANGE"),
        queue_prefix=env_str("DIALOG_QUEUE_PREFIX"),
        quorum_queues=env_flag("DIALOG_QUORUM_QUEUES"),
        delivery_limit=env_int("DIALOG_DELIVERY_LIMIT", minimum=1),
        retry_delays=retry_delays,
        relay_batch=env_int("DIALOG_RELAY_BATCH", minimum=1),
        consumer_batch=env_int("DIALOG_CONSUMER_BATCH", minimum=1),
        poll_seconds=env_seconds("DIALOG_POLL_SECONDS")[0],
        jwt_secret=jwt_secret,
        data_keys=tuple(key.strip() for key in data_keys.split(",") if key.strip()),
        outbox_retention=env_duration("DIALOG_OUTBOX_RETENTION_HOURS", "hours", minimum=1),
        inbox_retention=inbox_retention,
        oidc_jwks_url=jwks_url,
        oidc_issuer=env_str("OIDC_ISSUER"),
        jwt_audience=env_str("JWT_AUDIENCE"),
        log_level=env_str("LOG_LEVEL").upper(),
        log_format=env_str("LOG_FORMAT"),
    )


def signing_secret() -> str | None:
    """The HS256 key staff tokens are signed with, without needing a service's other settings:
    ``JWT_SECRET``, else (embedded mode, no OIDC provider) the data folder's generated key."""
    secret = env_str("JWT_SECRET")
    if secret or env_str("OIDC_JWKS_URL") or env_str("DIALOG_ENV") == "production":
        return secret
    return embedded_secret(Path(env_str("DIALOG_DATA_DIR")).resolve())


def _fernet_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def embedded_secret(
    data_dir: Path,
    name: str = "jwt-secret",
    make: Callable[[], str] = lambda: secrets.token_urlsafe(48),
) -> str:
    """A key of the embedded mode: made once per data folder, readable by its owner only."""
    path = data_dir / name
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        draft = data_dir / f".{name}.{os.getpid()}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(make())
        try:  # link is atomic and refuses to overwrite: the first process to get here wins
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()
