"""``dialog-registrations``: web, relay, consume, migrate, dead-letters, expire-holds."""

from __future__ import annotations

import time

import click

from dialog_platform.cli import service_cli
from dialog_platform.clock import utc_now

from .config import RegistrationsSettings

main = service_cli(__package__, RegistrationsSettings)


@main.command(name="expire-holds")
@click.option("--every", type=float, default=None, help="Repeat every this many seconds.")
def expire_holds_command(every: float | None) -> None:
    """Release pending seats whose email confirmation did not come in time; promote the waiting."""
    from dialog_platform.db import Database

    from .operations.seats import expire_holds

    db = Database.of(RegistrationsSettings.from_env())
    while True:
        with db.transaction() as session:
            released = expire_holds(session, utc_now())
        click.echo(f"registrations: {released} held seat(s) released", err=True)
        if every is None:
            return
        time.sleep(every)


if __name__ == "__main__":
    main()
