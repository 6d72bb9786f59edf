"""``dialog-backoffice``: web (the pages under gunicorn) and add-account (a local account)."""

from __future__ import annotations

import click

from dialog_platform.auth import ROLES
from dialog_platform.cli import DialogGroup
from dialog_platform.config import DEFAULT_PORTS

from .accounts import AccountError, Accounts
from .config import load_settings


@click.group(cls=DialogGroup, name="dialog-backoffice", help="The staff back office.")
def main() -> None:
    pass


@main.command(help="Serve the back office with gunicorn (WEB_CONCURRENCY, WEB_THREADS, PORT).")
def web() -> None:
    from dialog_platform.web.server import serve

    serve("dialog_backoffice.wsgi:app", DEFAULT_PORTS["backoffice"])


@main.command(
    name="add-account",
    help="Add a local account (embedded mode) and print its password once.",
)
@click.argument("name")
@click.option(
    "--role",
    "roles",
    type=click.Choice(sorted(ROLES)),
    multiple=True,
    required=True,
    help="A role of the account; repeat for several.",
)
@click.option("--display-name", default=None, help="The name shown on the pages.")
@click.option("--reset", is_flag=True, help="Give an existing account a new password and roles.")
@click.option(
    "--if-missing", is_flag=True, help="Do nothing (and print nothing) if the account exists."
)
def add_account(
    name: str, roles: tuple[str, ...], display_name: str | None, reset: bool, if_missing: bool
) -> None:
    accounts = Accounts(load_settings().accounts_file)
    if if_missing and name in accounts.names():
        return
    try:
        password = accounts.add(name, roles, display_name=display_name, replace=reset)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(password)


if __name__ == "__main__":
    main()
