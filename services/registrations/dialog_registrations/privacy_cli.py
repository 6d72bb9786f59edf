"""``dialog erase`` and ``dialog export``: the privacy requests from the command line, run with
the registrations service's settings (embedded: the local data folder; in production: inside a
registrations container). The same operations as the API; the answers of the other services
arrive through the registrations consumer, which this command waits for."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click
from marshmallow import ValidationError

from dialog_platform.db import Database
from dialog_platform.privacy import PersonKeys

from .api.schemas import ErasureSchema, ExportSchema, PersonSchema
from .config import RegistrationsSettings
from .domain.errors import RegistrationsError
from .operations.requests import replay_erasure, request_erasure, request_export
from .queries_privacy import (
    describe_erasure,
    describe_export,
    erasure_requests,
    find_erasure,
    find_export,
)

REQUESTED_BY = "command line"
#: How often a waiting command looks at the request again.
POLL_SECONDS = 0.5


def _person(email: str | None, phone: str | None) -> dict[str, str | None]:
    """The address and number checked and normalised as the API does it."""
    try:
        return PersonSchema().load({"email": email, "phone": phone})
    except ValidationError as exc:
        messages = [
            f"{field}: {' '.join(errors) if isinstance(errors, list) else errors}"
            for field, errors in exc.messages.items()
        ]
        raise click.UsageError("; ".join(messages).replace("_schema: ", "")) from None


@contextmanager
def _database() -> Iterator[Database]:
    """The service's database (and with it the data keys); a refusal as a plain sentence."""
    db = Database.of(RegistrationsSettings.from_env())
    try:
        yield db
    except RegistrationsError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        db.dispose()


def _wait(db: Database, describe: Callable[[Any], dict], ids: list, timeout: float) -> list[dict]:
    """The requests' state, once all are complete or ``timeout`` seconds have passed."""
    deadline = time.monotonic() + timeout
    while True:
        with db.transaction() as session:
            states = [describe(request_id, session) for request_id in ids]
        if all(state["complete"] for state in states) or time.monotonic() >= deadline:
            return states
        time.sleep(POLL_SECONDS)


def _finish(states: list[dict], what: str, timeout: float) -> None:
    missing = sorted({service for state in states for service in state["waiting_for"]})
    if missing:
        raise click.ClickException(
            f"The {what} is not complete after {timeout:g} seconds: no answer yet from "
            f"{', '.join(missing)}. It stays open; ask again later with the same command."
        )


def erase(email: str | None, phone: str | None, wait: bool, timeout: float, replay: bool) -> None:
    """File an erasure request (or, with ``replay``, publish the whole ledger again) and print
    it; with ``wait``, exit 0 only once every service has confirmed."""
    if replay and (email or phone):
        raise click.UsageError("--replay publishes the whole ledger: give no --email or --phone.")
    person = None if replay else _person(email, phone)
    with _database() as db:
        ids = _replay_all(db) if replay else _request_erasure(db, PersonKeys.of(**person))
        states = _wait(db, _erasure_state, ids, timeout if wait else 0)
    for state in states:
        click.echo(json.dumps(ErasureSchema().dump(state), ensure_ascii=False))
    if wait:
        _finish(states, "erasure", timeout)


def _erasure_state(request_id, session) -> dict:
    return describe_erasure(find_erasure(session, request_id))


def _replay_all(db: Database) -> list:
    with db.transaction() as session:
        ids = [request.id for request in reversed(erasure_requests(session))]
    for request_id in ids:  # one transaction each: a failure leaves the others done
        with db.transaction() as session:
            replay_erasure(session, request_id)
    click.echo(f"{len(ids)} erasure request(s) published again", err=True)
    return ids


def _request_erasure(db: Database, person: PersonKeys) -> list:
    with db.transaction() as session:
        request, created = request_erasure(session, person, REQUESTED_BY)
    click.echo("erasure requested" if created else "this person's request is still open", err=True)
    return [request.id]


def _export_state(request_id, session) -> dict:
    return describe_export(find_export(session, request_id))


def export(email: str | None, phone: str | None, wait: bool, timeout: float) -> None:
    """File an export request and print it; with ``wait``, print the whole document once every
    service has answered (exit 0), else fail naming the services that have not."""
    person = _person(email, phone)
    with _database() as db:
        with db.transaction() as session:
            request, _created = request_export(session, PersonKeys.of(**person), REQUESTED_BY)
        (state,) = _wait(db, _export_state, [request.id], timeout if wait else 0)
    if state["complete"]:
        click.echo(json.dumps(state["document"], ensure_ascii=False, indent=2))
        return
    click.echo(json.dumps(ExportSchema().dump(state), ensure_ascii=False))
    if wait:
        _finish([state], "export", timeout)
