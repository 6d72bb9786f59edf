"""Command lines: ``dialog-<service> ...`` for each service's process roles and maintenance,
and ``dialog ...`` for the whole platform (embedded run, local staff tokens, data keys, a
person's erasure and export)."""

from __future__ import annotations

import importlib
import json
from datetime import timedelta

import click

from .config import (
    DEFAULT_PORTS,
    SERVICES,
    ConfigurationError,
    Settings,
    env_str,
    signing_secret,
)
from .messaging.topology import SUBSCRIPTIONS
from .tokens import ROLES, mint_token


def operator_error(exc: Exception, service: str | None = None) -> str | None:
    """The sentence an operator reads instead of a traceback when a command fails for a reason
    that is theirs to fix (a setting, the database, the broker, a migration's name), else
    None: anything else is a bug and keeps its traceback. Never the URLs themselves: they may
    hold passwords."""
    from alembic.util import CommandError
    from kombu.exceptions import OperationalError as BrokerError
    from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError

    database = f"{service.upper()}_DATABASE_URL" if service else "the *_DATABASE_URL"
    if isinstance(exc, ConfigurationError):
        return str(exc)
    if isinstance(exc, CommandError):
        return f"Migration: {exc}."
    if isinstance(exc, ArgumentError):
        return f"{database} is not a database URL (e.g. postgresql+psycopg://user@host/db)."
    if isinstance(exc, OperationalError | ProgrammingError):
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        unmigrated = isinstance(exc, ProgrammingError) or "no such table" in reason
        hint = f" (is it migrated? dialog-{service} migrate)" if service and unmigrated else ""
        return f"The database ({database}) could not be used{hint}: {reason}"
    if isinstance(exc, BrokerError | ConnectionError):
        return f"The broker (AMQP_URL) could not be reached: {exc}"
    return None


class DialogGroup(click.Group):
    """A command group whose operator errors end in one sentence and exit status 1
    (``operator_error``); ``service`` names the service whose settings its commands use."""

    def __init__(self, *args, service: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.service = service

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except Exception as exc:
            message = operator_error(exc, self.service)
            if message is None:
                raise
            raise click.ClickException(message) from None


def service_handlers(package: str) -> dict:
    """The message handlers of a consuming service: ``HANDLERS`` of its ``messaging.handlers``."""
    return importlib.import_module(f"{package}.messaging.handlers").HANDLERS


def service_models(package: str):
    """The declarative base of a service's tables: ``Base`` of its ``models``."""
    return importlib.import_module(f"{package}.models").Base


def service_cli(package: str, settings_class: type[Settings]) -> click.Group:
    """The ``dialog-<service>`` command: web, relay, migrate, and for a service that consumes
    messages (it has subscriptions in the topology) consume and dead-letters. A service adds
    its own commands to the group it returns."""
    service = settings_class.service_name
    consumes = bool(SUBSCRIPTIONS[service])

    @click.group(
        cls=DialogGroup,
        service=service,
        name=f"dialog-{service}",
        help=f"Process roles and maintenance of the {service} service.",
    )
    def group() -> None:
        pass

    @group.command(help="Serve the HTTP API with gunicorn (WEB_CONCURRENCY, WEB_THREADS, PORT).")
    def web() -> None:
        from .web.server import serve

        serve(f"{package}.wsgi:app", DEFAULT_PORTS[service])

    @group.command(help="Publish committed outbox messages to the broker.")
    def relay() -> None:
        from .workers import run_relay

        run_relay(settings_class.from_env())

    @group.command(help="Apply database migrations up to the newest (or REVISION).")
    @click.argument("revision", default="head")
    def migrate(revision: str) -> None:
        from .crypto import use_keys
        from .migrations import upgrade

        settings = settings_class.from_env()
        use_keys(settings.data_keys)  # data migrations encrypt what they move
        upgrade(package, settings.database_url, revision)
        click.echo(f"{service}: database at {revision}")

    @group.command(
        name="rotate-keys", help="Re-encrypt every contact field with the first data key."
    )
    def rotate_keys() -> None:
        from .db import Database
        from .rotation import rotate_keys as rotate

        database = Database.of(settings_class.from_env())
        try:
            done = rotate(database, service_models(package))
        finally:
            database.dispose()
        for table, rows in done.items():
            click.echo(f"{service}: {table}: {rows} row(s) written with the current key")

    if not consumes:
        return group

    @group.command(help="Handle this service's messages from its queue.")
    def consume() -> None:
        from .workers import run_consumer

        run_consumer(settings_class.from_env(), service_handlers(package))

    @group.group(name="dead-letters", help="Messages this service could not handle.")
    def dead_letters() -> None:
        pass

    @dead_letters.command(name="list", help="Show dead letters without removing them.")
    @click.option("--limit", default=100, show_default=True)
    def list_(limit: int) -> None:
        from .messaging.connection import topology_for
        from .messaging.deadletters import list_dead_letters

        settings = settings_class.from_env()
        letters = list_dead_letters(settings.amqp_url, topology_for(settings), service, limit)
        for letter in letters:
            click.echo(
                json.dumps(
                    {
                        "message_id": letter.message_id,
                        "type": letter.type,
                        "attempts": letter.attempts,
                        "reason": letter.reason,
                    },
                    ensure_ascii=False,
                )
            )
        click.echo(f"{len(letters)} dead letter(s)", err=True)

    @dead_letters.command(help="Move dead letters back to the work queue (all, or --id).")
    @click.option("--id", "message_id", default=None, help="Only the message with this id.")
    def replay(message_id: str | None) -> None:
        from .messaging.connection import topology_for
        from .messaging.deadletters import replay_dead_letters

        settings = settings_class.from_env()
        moved = replay_dead_letters(settings.amqp_url, topology_for(settings), service, message_id)
        if message_id and not moved:
            raise click.ClickException(
                f"No dead letter of {service} has the id {message_id!r} "
                f"(dialog-{service} dead-letters list shows their ids)."
            )
        click.echo(f"{moved} message(s) moved back to {service}")

    return group


#: ``--every SECONDS`` of a periodic role (without it the role runs once): a pause, so more than 0.
every_option = click.option(
    "--every",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    metavar="SECONDS",
    help="Repeat every this many seconds (more than 0).",
)


def retain_command(
    group: click.Group, settings_class: type[Settings], run: str, help: str, dry_run_help: str
) -> None:
    """Adds ``retain`` to a service's command: ``run`` ("module:function", imported when the
    command runs) is called with the service's settings, ``--every`` (None: once) and
    ``--dry-run``."""

    @group.command(help=help)
    @every_option
    @click.option("--dry-run", is_flag=True, help=dry_run_help)
    def retain(every: float | None, dry_run: bool) -> None:
        module, function = run.split(":")
        getattr(importlib.import_module(module), function)(
            settings_class.from_env(), every, dry_run
        )


@click.group(cls=DialogGroup, help="The Dialog platform.")
def main() -> None:
    pass


@main.command(help="Start every service and worker on this machine (embedded by default).")
@click.option(
    "--data-dir", default=None, help="Folder for SQLite files, bus and mails (DIALOG_DATA_DIR)."
)
@click.option(
    "--port-base", default=8001, show_default=True, help="Port of events; the others follow."
)
def run(data_dir: str | None, port_base: int) -> None:
    from .embedded import run_platform

    run_platform(data_dir, port_base)


@main.command(
    help="Run the worker roles of SERVICES (default: all) as threads of this one process: "
    "each service's relay, consumer and periodic roles, each the command production runs as "
    "its own process. `dialog run` starts it; exits 1 when a role ended by itself."
)
@click.argument("services", nargs=-1, type=click.Choice(SERVICES))
def workers(services: tuple[str, ...]) -> None:
    from .embedded import run_worker_roles

    raise SystemExit(run_worker_roles(services or SERVICES))


@main.command(help="Mint a staff token signed with JWT_SECRET (or the embedded key).")
@click.option("--role", "roles", multiple=True, type=click.Choice(sorted(ROLES)), default=["admin"])
@click.option("--subject", default="local-admin", show_default=True)
@click.option("--name", default=None)
@click.option("--hours", default=8, show_default=True, type=click.IntRange(min=1))
def token(roles: tuple[str, ...], subject: str, name: str | None, hours: int) -> None:
    if env_str("OIDC_JWKS_URL"):
        raise click.ClickException(
            "OIDC_JWKS_URL is set: the services accept only your OIDC provider's tokens, "
            "so a token signed with JWT_SECRET would be refused; get one from the provider."
        )
    secret = signing_secret()
    if not secret:
        raise click.ClickException(
            "JWT_SECRET is not set; tokens then come from your OIDC provider."
        )
    click.echo(
        mint_token(
            secret,
            subject,
            roles,
            name=name,
            expires_in=timedelta(hours=hours),
            issuer=env_str("OIDC_ISSUER"),
            audience=env_str("JWT_AUDIENCE"),
        )
    )


def privacy_commands():
    """The registrations service owns the privacy requests: ``dialog erase`` and ``dialog
    export`` run its code with its settings (the local data folder in the embedded mode)."""
    return importlib.import_module("dialog_registrations.privacy_cli")


def _privacy_request_options(done: str):
    """The options of a privacy request: whom it is about, and how long to wait until every
    service has ``done`` it."""
    options = (
        click.option("--email", default=None, help="The person's email address."),
        click.option("--phone", default=None, help="The person's phone number, in any format."),
        click.option("--wait", is_flag=True, help=f"Wait until every service has {done}."),
        click.option(
            "--timeout", type=float, default=60.0, show_default=True, help="Seconds to wait."
        ),
    )

    def decorate(command):
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


@main.command(
    help="Erase a person in every service (runs with the registrations service's settings). "
    "Prints the request; with --wait exits 0 only once every service has confirmed, and "
    "non-zero naming the services that have not after --timeout. --replay (after restoring "
    "a backup) publishes every request of the erasure ledger again."
)
@_privacy_request_options("confirmed")
@click.option("--replay", is_flag=True, help="Publish every erasure of the ledger again.")
def erase(email: str | None, phone: str | None, wait: bool, timeout: float, replay: bool) -> None:
    privacy_commands().erase(email, phone, wait, timeout, replay)


@main.command(
    help="Export everything every service holds about a person as one JSON document (runs "
    "with the registrations service's settings). With --wait, prints the document once every "
    "service has answered, else fails naming those that have not after --timeout."
)
@_privacy_request_options("answered")
def export(email: str | None, phone: str | None, wait: bool, timeout: float) -> None:
    privacy_commands().export(email, phone, wait, timeout)


@main.group(help="The data keys that encrypt contact data (DIALOG_DATA_KEYS).")
def keys() -> None:
    pass


@keys.command(name="new", help="Print a new data key (put it first in DIALOG_DATA_KEYS).")
def new_key() -> None:
    from .crypto import new_key as make

    click.echo(make())


if __name__ == "__main__":
    main()
