"""The privacy requests this service owns: an erasure or an export is stored (by keyed hashes),
answered here at once, published to the other services, and complete when each has answered.
A service that was down answers when it is back: its queue holds the request."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from dialog_platform.clock import utc_now
from dialog_platform.privacy import PersonKeys, jsonable

from ..config import SERVICE
from ..domain.errors import PrivacyRequestNotFound
from ..messaging import publications
from ..models import ErasureConfirmation, ErasureRequest, ExportPart, ExportRequest
from ..queries_privacy import (
    SERVICES,
    find_erasure,
    find_export,
    keys_of,
    open_erasure,
    open_export,
    person_records,
)
from .erasure import erase_person, sweep_copies


def request_erasure(
    session: Session, person: PersonKeys, requested_by: str
) -> tuple[ErasureRequest, bool]:
    """Erase the person here, record that, and ask every other service to do the same. While
    a request for the same person is open, that one is returned (and False)."""
    existing = open_erasure(session, person)
    if existing is not None:
        return existing, False
    now = utc_now()
    request = ErasureRequest(
        id=uuid.uuid4(),
        email_hashes=sorted(person.email_hashes),
        phone_hashes=sorted(person.phone_hashes),
        requested_at=now,
        requested_by=requested_by,
    )
    session.add(request)
    _erase_here(session, request, now)
    publications.erasure_requested(session, request)
    return request, True


def replay_erasure(session: Session, request_id: uuid.UUID) -> ErasureRequest:
    """After a backup was restored: erase the person here again and ask every service again
    (each erases idempotently); the others' confirmations count from now on."""
    request = find_erasure(session, request_id, lock=True)
    now = utc_now()
    request.confirmations.clear()
    request.completed_at = None
    session.flush()
    _erase_here(session, request, now)
    publications.erasure_requested(session, request)
    return request


def _erase_here(session: Session, request: ErasureRequest, now: datetime) -> None:
    person = keys_of(request)
    erased = erase_person(session, person, now) | sweep_copies(session, person)
    _confirm(request, SERVICE, erased, now)


def record_erasure_confirmation(session: Session, service: str, data: dict[str, Any]) -> None:
    """Another service confirmed (again, after a replay: the latest counts)."""
    request = _locked(session, find_erasure, data["request_id"])
    if request is not None:
        _confirm(request, service, data["erased"], data["completed_at"])


def _confirm(request: ErasureRequest, service: str, erased: dict, at: datetime) -> None:
    confirmation = next((c for c in request.confirmations if c.service == service), None)
    if confirmation is None:
        confirmation = ErasureConfirmation(service=service)
        request.confirmations.append(confirmation)
    confirmation.confirmed_at, confirmation.erased = at, dict(erased)
    if {c.service for c in request.confirmations} >= set(SERVICES):
        request.completed_at = request.completed_at or utc_now()


def request_export(
    session: Session, person: PersonKeys, requested_by: str
) -> tuple[ExportRequest, bool]:
    """Gather this service's records of the person at once and ask the others for theirs.
    While a request for the same person is open, that one is returned (and False)."""
    existing = open_export(session, person)
    if existing is not None:
        return existing, False
    request = ExportRequest(
        id=uuid.uuid4(),
        email_hashes=sorted(person.email_hashes),
        phone_hashes=sorted(person.phone_hashes),
        requested_at=utc_now(),
        requested_by=requested_by,
    )
    session.add(request)
    _answer(request, SERVICE, person_records(session, person))
    publications.export_requested(session, request)
    return request, True


def record_export_part(session: Session, service: str, data: dict[str, Any]) -> None:
    """Another service's records of the person (ignored once the request is gone)."""
    request = _locked(session, find_export, data["request_id"])
    if request is not None:
        _answer(request, service, jsonable(data["document"]["records"]))


def _answer(request: ExportRequest, service: str, records: dict[str, Any]) -> None:
    part = next((p for p in request.parts if p.service == service), None)
    if part is None:
        part = ExportPart(service=service)
        request.parts.append(part)
    part.received_at, part.records = utc_now(), records
    if {p.service for p in request.parts} >= set(SERVICES):
        request.completed_at = request.completed_at or utc_now()


def _locked(session: Session, find, request_id: uuid.UUID):
    """The request, locked against a concurrent answer; None if there is none (any more)."""
    try:
        return find(session, request_id, lock=True)
    except PrivacyRequestNotFound:
        return None
