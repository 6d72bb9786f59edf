"""Writing the audit trail: one entry per change and per confidential read, same transaction."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from dialog_platform.auth import Principal
from dialog_platform.clock import utc_now

from ..models import AuditEntry


def record(
    session: Session,
    actor: Principal,
    action: str,
    case_id: uuid.UUID | None = None,
    target_id: uuid.UUID | None = None,
    detail: str = "",
) -> AuditEntry:
    entry = AuditEntry(
        at=utc_now(),
        actor_subject=actor.subject,
        actor_name=actor.name,
        action=action,
        case_id=case_id,
        target_id=str(target_id) if target_id else None,
        detail=detail[:200],
    )
    session.add(entry)
    return entry
