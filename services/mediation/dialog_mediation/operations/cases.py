"""Opening a case, its mediators, its details and its status."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy.orm import Session

from dialog_platform.auth import Principal
from dialog_platform.clock import today, utc_now

from ..domain.workflow import CaseStatus, Outcome, check_transition, is_reopening
from ..messaging import publications
from ..models import Case, CaseMediator, TimelineEntry
from ..queries import get_case
from . import audit
from .references import next_reference
from .unchanged import update_if_unchanged


def open_case(session: Session, actor: Principal, opened_on: date | None = None, **fields) -> Case:
    opened_on = opened_on or today()
    case = Case(
        reference=next_reference(session, opened_on.year),
        status=CaseStatus.NEW,
        opened_on=opened_on,
        created_at=utc_now(),
        version=1,
        **fields,
    )
    if "mediator" in actor.roles:  # a mediator who opens a case works on it
        case.mediators.append(CaseMediator(subject=actor.subject, name=actor.name))
    session.add(case)
    session.flush()
    audit.record(session, actor, "case.opened", case.id, detail=case.reference)
    publications.case_opened(session, case)
    return case


def edit_case(session: Session, actor: Principal, case_id: uuid.UUID, **changes) -> Case:
    case = get_case(session, case_id)
    changed = sorted(name for name, value in changes.items() if getattr(case, name) != value)
    for name in changed:
        setattr(case, name, changes[name])
    if changed:
        case.version += 1
        session.flush()
        audit.record(session, actor, "case.edited", case.id, detail=",".join(changed))
    return case


def read_details(session: Session, actor: Principal, case_id: uuid.UUID) -> Case:
    case = get_case(session, case_id)
    audit.record(session, actor, "case.details_read", case.id)
    return case


def assign_mediators(
    session: Session, actor: Principal, case_id: uuid.UUID, mediators: list[dict]
) -> Case:
    """Set the case's mediators to exactly ``mediators`` ({subject, name})."""
    case = get_case(session, case_id)
    wanted = {m["subject"]: m["name"] for m in mediators}
    before = {m.subject for m in case.mediators}
    case.mediators = [m for m in case.mediators if m.subject in wanted]
    for subject, name in wanted.items():
        if subject not in before:
            case.mediators.append(CaseMediator(subject=subject, name=name))
    case.version += 1
    session.flush()
    added, removed = sorted(set(wanted) - before), sorted(before - set(wanted))
    audit.record(session, actor, "case.mediators_set", case.id, detail=f"+{added} -{removed}")
    return case


def change_status(
    session: Session,
    actor: Principal,
    case_id: uuid.UUID,
    status: CaseStatus,
    outcome: Outcome | None = None,
    reason: str | None = None,
) -> Case:
    case = get_case(session, case_id)
    current = case.status
    check_transition(current, status, outcome, reason)
    values: dict = {"status": status, "version": Case.version + 1}
    if status == CaseStatus.RESOLVED:
        values |= {"outcome": outcome, "resolved_on": today()}
    elif status == CaseStatus.CLOSED:
        values["closed_on"] = today()
    if is_reopening(current, status):
        values |= {"outcome": None, "resolved_on": None, "closed_on": None}
    # Conditional on the status read: of two concurrent changes only one applies.
    update_if_unchanged(session, case, values, ("status",), "case")
    text = f"Status: {current.value} -> {status.value}"
    if outcome:
        text += f" (outcome: {outcome.value})"
    if reason:
        text += f". Reason: {reason.strip()}"
    session.add(
        TimelineEntry(
            case_id=case.id,
            kind="status_change",
            body=text,
            author_subject=actor.subject,
            author_name=actor.name,
            created_at=utc_now(),
        )
    )
    session.flush()
    audit.record(session, actor, "case.status_changed", case.id, detail=f"{current} -> {status}")
    if status == CaseStatus.CLOSED:
        publications.case_closed(session, case)
    return case
