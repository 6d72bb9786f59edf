"""Erasure (Art. 17) and access export (Art. 15) as every service answers them.

Registrations keeps the requests and the erasure ledger and publishes each request; every other
service handles it with ``privacy_handlers``: the service's own ``erase`` (its tables and files)
and ``export`` functions, plus what is the same everywhere: the service's sent outbox rows, dead
letters and retry queues that mention the person are removed, and a confirmation (or the export
document, sealed) goes back through the outbox.

A person is named only by keyed hashes (``PersonKeys``): one per data key, so a request finds
rows hashed before a key rotation too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, event, select
from sqlalchemy.orm import Session

from .clock import utc_now
from .db import checkpoint, settings_of
from .messaging.connection import is_broker_native, topology_for
from .messaging.contracts import opened_data
from .messaging.deadletters import remove_matching
from .messaging.envelope import Envelope
from .messaging.outbox import add_to_outbox
from .messaging.retention import erase_from_embedded_bus
from .messaging.tables import outbox
from .personal import email_hash, email_hashes, normalise_phone, phone_hash, phone_hashes

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
REQUESTS = ("registrations.erasure.requested", "registrations.export.requested")


@dataclass(frozen=True)
class PersonKeys:
    """The person a request is about: the keyed hashes of their address and number."""

    email_hashes: frozenset[str] = frozenset()
    phone_hashes: frozenset[str] = frozenset()

    @classmethod
    def of(cls, email: str | None = None, phone: str | None = None) -> PersonKeys:
        """From an address and/or a number as someone typed them."""
        return cls(
            frozenset(email_hashes(email)) if email else frozenset(),
            frozenset(phone_hashes(normalise_phone(phone))) if phone else frozenset(),
        )

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> PersonKeys:
        return cls(
            frozenset(data.get("email_hashes") or ()), frozenset(data.get("phone_hashes") or ())
        )

    def as_data(self) -> dict[str, list[str]]:
        return {
            "email_hashes": sorted(self.email_hashes),
            "phone_hashes": sorted(self.phone_hashes),
        }

    def all_hashes(self) -> list[str]:
        return sorted(self.email_hashes | self.phone_hashes)

    def is_email(self, address: str | None) -> bool:
        return bool(address) and email_hash(address) in self.email_hashes

    def is_phone(self, number: str | None) -> bool:
        return bool(number) and phone_hash(number) in self.phone_hashes

    def mentioned_in(self, value: Any) -> bool:
        """Whether JSON-like ``value`` holds the person's address or number anywhere."""
        return any(
            (EMAIL.match(text) and self.is_email(text))
            or (E164.match(text) and self.is_phone(text))
            for text in _strings(value)
        )


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def message_mentions(person: PersonKeys, body: str) -> bool:
    """Whether a message body (an envelope, sealed parts included) names the person."""
    try:
        envelope = Envelope.from_json(body)
        data = opened_data(envelope.type, envelope.version, envelope.data)
    except Exception:  # not an envelope, or a contract we cannot open: look at it as it is
        data = json.loads(body) if body.startswith("{") else body
    return person.mentioned_in(data)


def sweep_outbox(session: Session, person: PersonKeys) -> int:
    """Delete the service's sent outbox rows that name the person; how many."""
    rows = session.execute(select(outbox.c.id, outbox.c.body).where(outbox.c.sent_at.is_not(None)))
    ids = [row.id for row in rows if message_mentions(person, row.body)]
    if ids:
        session.execute(delete(outbox).where(outbox.c.id.in_(ids)))
    return len(ids)


def remove_copies(session: Session, service: str, matches: Callable[[str], bool]) -> dict[str, int]:
    """Remove the messages ``matches`` picks from the service's dead-letter and retry queues
    and, in the embedded mode, from the bus's delivered messages (kept there until pruned);
    after the commit, the database file's write-ahead log is emptied too."""
    settings = settings_of(session)
    removed = {
        "dead_letters": remove_matching(settings.amqp_url, topology_for(settings), service, matches)
    }
    if not is_broker_native(settings.amqp_url):
        removed["bus_messages"] = erase_from_embedded_bus(settings.amqp_url, matches)
    engine = session.get_bind()
    event.listen(session, "after_commit", lambda _session: checkpoint(engine), once=True)
    return removed


def sweep_copies(session: Session, service: str, person: PersonKeys) -> dict[str, int]:
    """Remove the person from every copy of messages the service holds or left behind: its
    sent outbox rows, its dead letters and retries, the embedded bus."""
    removed = remove_copies(session, service, lambda body: message_mentions(person, body))
    return {"outbox": sweep_outbox(session, person)} | removed


Eraser = Callable[[Session, PersonKeys], dict[str, int]]
Exporter = Callable[[Session, PersonKeys], dict[str, Any]]


def privacy_handlers(service: str, erase: Eraser, export: Exporter) -> dict[str, Callable]:
    """The handlers of the two requests for ``service``, around its own erase and export."""

    def on_erasure(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
        person = PersonKeys.from_data(data)
        erased = dict(erase(session, person))
        erased |= sweep_copies(session, service, person)
        add_to_outbox(
            session,
            service,
            f"{service}.erasure.completed",
            {"request_id": data["request_id"], "erased": erased, "completed_at": utc_now()},
        )

    def on_export(session: Session, _envelope: Envelope, data: dict[str, Any]) -> None:
        records = export(session, PersonKeys.from_data(data))
        add_to_outbox(
            session,
            service,
            f"{service}.export.completed",
            {"request_id": data["request_id"], "document": {"records": jsonable(records)}},
        )

    return {REQUESTS[0]: on_erasure, REQUESTS[1]: on_export}


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def jsonable(value: Any) -> Any:
    """Records as JSON carries them (times ISO 8601, ids and enums as strings)."""
    return json.loads(json.dumps(value, default=_json_value, ensure_ascii=False))
